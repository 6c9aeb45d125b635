"""An upload is queued as a location, not a path of the web host: a worker that sees the
shared upload directory at another path imports it, and no server path reaches the user."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from huey import Huey
from tests.webclient.helpers import SignedIn, Tree
from tests.webclient.upload_helpers import finish, put, start

from pyomero.conf.config import Config
from pyomero.imports import tasks
from pyomero.model.models import Image
from pyomero.pixels import synthetic as syn


@pytest.fixture
def queue(tmp_path: Path) -> Iterator[Huey]:
    """A real queue that nothing consumes until the test runs the task, as a worker."""
    before = tasks._queue
    yield tasks.configure("thread", path=tmp_path / "tasks.sqlite3")
    tasks._queue = before


def use_upload_dir(settings: Any, root: Path) -> None:
    """``omero.upload.dir`` (and a data directory of this test's own beside it)."""
    config = settings.OMERO_CONFIG
    stored = {**config.stored, "omero.upload.dir": str(root)}
    stored["omero.data.dir"] = str(root.parent / "data")
    settings.OMERO_CONFIG = Config(stored, config.omerodir)


def send(client: Any, dataset: int, name: str, data: bytes) -> str:
    _, started = start(client, [(name, len(data))], dataset=dataset)
    put(client, started["id"], 0, data, 0, len(data))
    finished = finish(client, started["id"], [hashlib.sha1(data).hexdigest()])
    assert finished.json()["status"] == "importing"
    return str(started["id"])


def test_a_worker_finds_the_upload_under_its_own_mount(
    signed_in: SignedIn, tree: Tree, queue: Huey, settings: Any, tmp_path: Path
) -> None:
    path = tmp_path / "cells.ome.tif"
    syn.write_ome_tiff(path, syn.synthetic_metadata(40, 30, size_c=2))
    client = signed_in("owner")
    use_upload_dir(settings, tmp_path / "web-host" / "uploads")
    upload_id = send(client, tree.dataset.pk, "run/cells.ome.tif", path.read_bytes())
    task = queue.dequeue()
    assert task.args[2] == [f"upload:{upload_id}"]  # a location, no path of the web host

    # The worker's machine mounts the shared storage elsewhere.
    shutil.move(tmp_path / "web-host" / "uploads", tmp_path / "worker-mount")
    use_upload_dir(settings, tmp_path / "worker-mount")
    (result,) = queue.execute(task)

    assert result["error"] is None
    assert Image.objects.filter(pk__in=result["images"]).count() == 1
    assert result["path"] == "run/cells.ome.tif"  # as the user sent it
    use_upload_dir(settings, tmp_path / "web-host" / "uploads")
    activity = client.get("/webclient/activities/").json()["activities"][0]
    assert activity["status"] == "complete", activity


def test_a_failed_upload_names_no_server_path(
    signed_in: SignedIn, tree: Tree, queue: Huey, settings: Any, tmp_path: Path
) -> None:
    client = signed_in("owner")
    use_upload_dir(settings, tmp_path / "uploads")
    upload_id = send(client, tree.dataset.pk, "broken.ome.tif", b"II*\x00 not a tiff at all")

    queue.execute(queue.dequeue())

    activity = client.get("/webclient/activities/").json()["activities"][0]
    assert (activity["id"], activity["status"]) == (upload_id, "failed")
    assert activity["error"].startswith("broken.ome.tif: ")
    assert str(tmp_path) not in activity["error"]
