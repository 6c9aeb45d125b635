"""Originals, attached files and thumbnails on an S3-compatible object store.

With ``omero.data.store_url`` naming a bucket of a real OpenStack Swift (Debian's
packages, started by ``pyomero.testing.swift``; under ``CI=true`` a missing Swift fails
the test), the same behaviour as on disk: originals downloaded byte for byte, attached
files downloaded, thumbnails kept there, nothing left behind by a delete or a failed
import, and ``omero admin check`` looking there.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fsspec
import pytest
import tifffile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from pyomero.conf.config import Config
from pyomero.imaging import stores
from pyomero.imports.audit import check_storage, remove_orphans
from pyomero.model.actions import do_attach_table
from pyomero.model.context import event_context
from pyomero.model.models import Image, OriginalFile, Pixels
from pyomero.pixels import synthetic as syn
from pyomero.tables import Column
from pyomero.testing.s3 import S3Server
from pyomero.testing.samples import Sample
from pyomero.testing.swift import swift_server

from .conftest import leftovers, only

pytest.importorskip("s3fs", reason="the s3 extra (s3fs) is not installed")


@pytest.fixture(scope="module")
def swift() -> Iterator[S3Server]:
    with swift_server() as started:
        yield started


@pytest.fixture
def on_s3(swift: S3Server, data_dir: Path, settings: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """Originals, attachments, thumbnails and pyramids on Swift, under a prefix of this
    test's own; fsspec set up to reach it."""
    monkeypatch.setitem(fsspec.config.conf, "s3", swift.options)
    root = f"s3://{swift.bucket}/{data_dir.parent.name}"
    values = {
        "omero.data.dir": str(data_dir),
        "omero.data.store_url": root,
        "omero.pixeldata.store_url": root,
    }
    settings.OMERO_CONFIG = Config(values, settings.OMERO_CONFIG.omerodir)
    return root


def objects(swift: S3Server, root: str) -> list[str]:
    fs = fsspec.filesystem("s3", **swift.options)
    base = root.removeprefix("s3://")
    try:
        return sorted(name[len(base) + 1 :] for name in fs.find(base, refresh=True))
    except FileNotFoundError:
        return []


def body(response: Any) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


def test_it_keeps_the_originals_on_s3_and_downloads_them_byte_for_byte(
    on_s3: str,
    swift: S3Server,
    samples: dict[str, Sample],
    do_import: Any,
    data_dir: Path,
    owner: Client,
) -> None:
    sample = samples["ome-tiff"]

    (image_id,) = only(do_import(sample.path)).image_ids

    original = OriginalFile.objects.get(fileset_entries__fileset__images__pk=image_id)
    assert original.store == on_s3
    stored = objects(swift, on_s3)
    key = f"ManagedRepository/{original.path}{original.name}"
    assert key in stored
    assert not [p for p in leftovers(data_dir) if p.startswith("ManagedRepository")]
    response = owner.get(f"/webgateway/archived_files/download/{image_id}/")
    assert response.status_code == 200
    assert response["Content-Length"] == str(sample.path.stat().st_size)
    assert body(response) == sample.path.read_bytes()
    assert check_storage(data_dir, on_s3).clean


def test_it_zips_the_originals_of_several_images_from_s3(
    on_s3: str, samples: dict[str, Sample], do_import: Any, owner: Client
) -> None:
    first = only(do_import(samples["ome-tiff"].path)).image_ids[0]
    second = only(do_import(samples["png"].path)).image_ids[0]

    response = owner.get(
        "/webgateway/archived_files/download/", {"image": [first, second], "zipname": "both"}
    )

    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(body(response))) as archive:
        assert sorted(archive.namelist()) == sorted(
            [samples["ome-tiff"].path.name, samples["png"].path.name]
        )
        assert archive.read(samples["png"].path.name) == samples["png"].path.read_bytes()


def test_a_missing_original_on_s3_is_a_500_with_a_message_before_any_byte(
    on_s3: str, swift: S3Server, samples: dict[str, Sample], do_import: Any, owner: Client
) -> None:
    (image_id,) = only(do_import(samples["png"].path)).image_ids
    original = OriginalFile.objects.get()
    fs = fsspec.filesystem("s3", **swift.options)
    fs.rm(f"{on_s3}/ManagedRepository/{original.path}{original.name}".removeprefix("s3://"))

    response = owner.get(f"/webgateway/archived_files/download/{image_id}/")

    assert response.status_code == 500
    assert "missing or damaged" in body(response).decode()


def test_it_attaches_a_file_to_s3_and_downloads_it(
    on_s3: str, swift: S3Server, samples: dict[str, Sample], do_import: Any, owner: Client
) -> None:
    (image_id,) = only(do_import(samples["png"].path)).image_ids
    content = b"notes on the cells\n" * 1000

    upload = SimpleUploadedFile("notes.txt", content, content_type="text/plain")
    response = owner.post(
        f"/api/v0/m/images/{image_id}/annotations/", {"file": upload, "Namespace": "lab"}
    )

    assert response.status_code == 201, response.content
    annotation_id = response.json()["data"]["@id"]
    file = OriginalFile.objects.get(name="notes.txt")
    assert (file.store, f"Files/{file.pk}" in objects(swift, on_s3)) == (on_s3, True)
    for address in (
        f"/api/v0/m/annotations/{annotation_id}/file/",
        f"/webclient/annotation/{annotation_id}/",
    ):
        downloaded = owner.get(address)
        assert downloaded.status_code == 200, address
        assert body(downloaded) == content


def test_it_serves_an_omero_table_kept_on_s3(
    on_s3: str, swift: S3Server, samples: dict[str, Sample], do_import: Any, owner: Client
) -> None:
    (image_id,) = only(do_import(samples["png"].path)).image_ids
    image = Image.objects.get(pk=image_id)
    owner_ctx = event_context(image.owner, image.group_id)
    columns = [Column("Image", "ImageColumn"), Column("Area", "DoubleColumn")]
    annotation = do_attach_table(owner_ctx, image, "areas", columns, [[image_id] * 3, [1.5, 7, 9]])
    assert annotation.file is not None
    assert f"Files/{annotation.file.pk}" in objects(swift, on_s3)

    response = owner.get(f"/webgateway/table/{annotation.file.pk}/query/?query=(Area>2)")

    assert response.status_code == 200, response.content
    data = response.json()["data"]
    assert data["columns"] == ["Image", "Area"]
    assert data["rows"] == [[image_id, 7.0], [image_id, 9.0]]


def test_deleting_the_image_leaves_no_object_behind(
    on_s3: str,
    swift: S3Server,
    samples: dict[str, Sample],
    do_import: Any,
    owner: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    (image_id,) = only(do_import(samples["ome-tiff"].path)).image_ids
    upload = SimpleUploadedFile("notes.txt", b"notes")
    owner.post(f"/webclient/annotate_file/image/{image_id}/", {"annotation_file": upload})
    assert owner.get(f"/webgateway/render_thumbnail/{image_id}/64/").status_code == 200
    kinds = {name.split("/", 1)[0] for name in objects(swift, on_s3)}
    assert kinds == {"Files", "ManagedRepository", "Pixels", "Thumbnails"}

    with django_capture_on_commit_callbacks(execute=True):  # the bytes go on commit
        response = owner.post("/webclient/deletemany/", {"image": image_id, "anns": "on"})

    assert response.status_code == 200
    assert not Image.objects.exists() and not OriginalFile.objects.exists()
    assert objects(swift, on_s3) == []


def test_a_failed_import_leaves_no_object_on_s3(
    on_s3: str, swift: S3Server, tmp_path: Path, do_import: Any, data_dir: Path
) -> None:
    path = tmp_path / "garbled.ome.tif"
    syn.write_ome_tiff(path, syn.synthetic_metadata(300, 200, size_c=3), compression="zlib")
    with tifffile.TiffFile(path) as tif:
        offset = tif.pages[-1].dataoffsets[0]
    raw = bytearray(path.read_bytes())
    raw[offset : offset + 16] = b"\xff" * 16
    path.write_bytes(bytes(raw))

    (result,) = do_import(path)

    assert not result.ok
    assert objects(swift, on_s3) == []
    assert leftovers(data_dir) == []


def test_in_place_imports_are_refused_with_a_message(
    on_s3: str, swift: S3Server, samples: dict[str, Sample], do_import: Any
) -> None:
    from pyomero.imports import Transfer

    (result,) = do_import(samples["png"].path, transfer=Transfer.LN_S)

    assert not result.ok
    assert "need the repository on a local file system" in str(result.error)
    assert objects(swift, on_s3) == []


def test_thumbnails_are_served_from_s3_after_a_restart(
    on_s3: str,
    swift: S3Server,
    samples: dict[str, Sample],
    do_import: Any,
    data_dir: Path,
    owner: Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (image_id,) = only(do_import(samples["ome-tiff"].path)).image_ids
    pixels = Pixels.objects.get(image_id=image_id)
    first = owner.get(f"/webgateway/render_thumbnail/{image_id}/")
    assert first.status_code == 200
    assert any(name.startswith(f"Thumbnails/{pixels.pk}/") for name in objects(swift, on_s3))
    assert leftovers(data_dir) == []  # nothing on this host's disk

    # A restarted server: no open store, no cache; it may not render (it must read).
    stores._open.clear()
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    from pyomero.imaging import thumbnails

    def no_render(*args: object) -> bytes:
        raise AssertionError("the thumbnail was rendered again")

    monkeypatch.setattr(thumbnails, "_render", no_render)
    again = owner.get(f"/webgateway/render_thumbnail/{image_id}/")

    assert again.status_code == 200
    assert body(again) == body(first)


def test_admin_check_finds_missing_and_orphaned_objects(
    on_s3: str, swift: S3Server, samples: dict[str, Sample], do_import: Any, data_dir: Path
) -> None:
    only(do_import(samples["png"].path))
    original = OriginalFile.objects.get()
    fs = fsspec.filesystem("s3", **swift.options)
    base = on_s3.removeprefix("s3://")
    fs.rm(f"{base}/ManagedRepository/{original.path}{original.name}")
    fs.pipe_file(f"{base}/ManagedRepository/nobody_9/2026-01/01/x.tif", b"no row names me")
    fs.pipe_file(f"{base}/Files/999", b"nor me")
    fs.pipe_file(f"{base}/Thumbnails/999/abc/r1v1-96x96-z0-t0.jpg", b"nor me")

    audit = check_storage(data_dir, on_s3)

    assert audit.missing == [f"{on_s3}/ManagedRepository/{original.path}{original.name}"]
    assert sorted(audit.orphans) == sorted(
        [
            f"{on_s3}/ManagedRepository/nobody_9/2026-01/01/x.tif",
            f"{on_s3}/Files/999",
            f"{on_s3}/Thumbnails/999",
        ]
    )
    assert remove_orphans(data_dir, audit) == 3
    kept = ("Pixels/", f"Thumbnails/{Pixels.objects.get().pk}/")
    assert [n for n in objects(swift, on_s3) if not n.startswith(kept)] == []
