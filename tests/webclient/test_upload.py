"""The web upload: start, chunks, resume, finish into an import, activities."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from tests.webclient.helpers import SignedIn, Tree
from tests.webclient.upload_helpers import finish, immediate_tasks, put, start, upload_root

from pyomero.model.models import Image
from pyomero.pixels import synthetic as syn

__all__ = ["immediate_tasks", "upload_root"]
pytestmark = pytest.mark.usefixtures("immediate_tasks")


@pytest.fixture
def tiff(tmp_path: Path) -> bytes:
    path = tmp_path / "cells.ome.tif"
    syn.write_ome_tiff(path, syn.synthetic_metadata(40, 30, size_c=2))
    return path.read_bytes()


def test_it_imports_an_upload_sent_in_chunks_into_the_dataset(
    signed_in: SignedIn, tree: Tree, tiff: bytes, upload_root: Path
) -> None:
    client = signed_in("owner")
    status, started = start(client, [("run/cells.ome.tif", len(tiff))], dataset=tree.dataset.pk)
    assert status == 200
    half = len(tiff) // 2
    assert put(client, started["id"], 0, tiff[:half], 0, len(tiff)).json() == {"offset": half}
    assert put(client, started["id"], 0, tiff[half:], half, len(tiff)).json()["offset"] == len(tiff)

    done = finish(client, started["id"], [hashlib.sha1(tiff).hexdigest()]).json()

    assert done["status"] == "complete", done
    image = Image.objects.get(pk=done["images"][0]["id"])
    assert image.datasets.filter(pk=tree.dataset.pk).exists()
    assert done["images"][0]["url"] == f"/webclient/?show=image-{image.pk}"
    assert not (upload_root / started["id"]).exists()


def test_it_resumes_after_a_dropped_connection(
    signed_in: SignedIn, tree: Tree, upload_root: Path
) -> None:
    client = signed_in("owner")
    data = bytes(range(256)) * 10
    _, started = start(client, [("a.bin", len(data))], dataset=tree.dataset.pk)
    put(client, started["id"], 0, data[:1000], 0, len(data))

    asked = client.head(f"/webclient/upload/{started['id']}/0/")
    offset = int(asked["Upload-Offset"])
    assert offset == 1000
    assert client.get(f"/webclient/upload/{started['id']}/0/").json() == {"offset": 1000}
    put(client, started["id"], 0, data[offset:], offset, len(data))

    assert (upload_root / started["id"] / "files" / "a.bin").read_bytes() == data


def test_it_accepts_a_resent_range(signed_in: SignedIn, tree: Tree, upload_root: Path) -> None:
    client = signed_in("owner")
    _, started = start(client, [("a.bin", 6)], dataset=tree.dataset.pk)
    put(client, started["id"], 0, b"abc", 0, 6)
    assert put(client, started["id"], 0, b"abc", 0, 6).json() == {"offset": 3}
    assert put(client, started["id"], 0, b"cdef", 2, 6).json() == {"offset": 6}
    assert (upload_root / started["id"] / "files" / "a.bin").read_bytes() == b"abcdef"


def test_it_lists_activities_with_a_failed_import(
    signed_in: SignedIn, tree: Tree, upload_root: Path
) -> None:
    client = signed_in("owner")
    _, started = start(client, [("junk.tif", 4)], dataset=tree.dataset.pk)
    put(client, started["id"], 0, b"junk", 0, 4)

    assert finish(client, started["id"]).json()["status"] == "failed"

    [activity] = client.get("/webclient/activities/").json()["activities"]
    assert activity["status"] == "failed"
    # Bio-Formats claims any .tif the native readers refuse, and says why it fails,
    # naming the file as the user sent it and no server path
    assert activity["error"].startswith("junk.tif: bioformats reader: Bio-Formats cannot read it")
    assert "/" not in activity["error"]
    assert activity["images"] == []
    assert Image.objects.filter(name="junk.tif").count() == 0
    assert not (upload_root / started["id"]).exists()


def test_it_keeps_an_outcome_another_process_cannot_see(
    signed_in: SignedIn, tree: Tree, upload_root: Path
) -> None:
    from pyomero.imports import tasks

    client = signed_in("owner")
    _, started = start(client, [("junk.tif", 4)], dataset=tree.dataset.pk)
    put(client, started["id"], 0, b"junk", 0, 4)
    finish(client, started["id"])
    tasks.configure("immediate")  # a fresh queue, as another server worker would have

    [activity] = client.get("/webclient/activities/").json()["activities"]
    assert activity["status"] == "failed"
