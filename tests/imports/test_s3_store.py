"""Pyramids on an S3-compatible object store: imported there, read back from there.

Against real S3 servers, through fsspec and s3fs, with ``omero.pixeldata.store_url``
naming a bucket: OpenStack Swift with its S3 layer (``pyomero.testing.swift``, Debian's
packages, which follows S3's original API strictly) and s3rver (``pyomero.testing.s3``).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fsspec
import numpy as np
import pytest
import tifffile

from pyomero.conf.config import Config
from pyomero.imaging.stores import open_pixels
from pyomero.imaging.thumbnails import create_default_thumbnail
from pyomero.model.models import Pixels
from pyomero.pixels import Location
from pyomero.pixels import synthetic as syn
from pyomero.testing.s3 import S3Server, s3_server
from pyomero.testing.samples import Sample
from pyomero.testing.swift import swift_server

from .conftest import leftovers, only

pytest.importorskip("s3fs", reason="the s3 extra (s3fs) is not installed")


@pytest.fixture(scope="module", params=["swift", "s3rver"])
def server(request: pytest.FixtureRequest) -> Iterator[S3Server]:
    start = swift_server if request.param == "swift" else s3_server
    with start() as started:
        yield started


@pytest.fixture
def on_s3(server: S3Server, data_dir: Path, settings: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """``omero.pixeldata.store_url`` on the server's bucket; fsspec set up to reach it."""
    monkeypatch.setitem(fsspec.config.conf, "s3", server.options)
    root = f"s3://{server.bucket}/{data_dir.parent.name}"
    base = settings.OMERO_CONFIG
    values = {"omero.data.dir": str(data_dir), "omero.pixeldata.store_url": root}
    settings.OMERO_CONFIG = Config(values, base.omerodir)
    return root


def test_it_writes_the_pyramid_to_s3_and_reads_tiles_back(
    on_s3: str, samples: dict[str, Sample], do_import: Any, data_dir: Path
) -> None:
    sample = samples["ome-tiff-pyramid"]

    (image_id,) = only(do_import(sample.path)).image_ids

    pixels = Pixels.objects.get(image_id=image_id)
    assert pixels.path == f"{on_s3}/Pixels/{pixels.pk}.ome.zarr"
    assert Location.of(pixels.path).exists()
    assert not [p for p in leftovers(data_dir) if p.startswith("Pixels")]  # nothing local
    store = open_pixels(pixels)
    assert len(store.levels) == sample.levels
    assert sample.expected is not None
    expected = sample.expected(0, 2, 0)
    np.testing.assert_array_equal(
        store.read(0, 0, 2, 0, 256, 256, 128, 200), expected[256:384, 256:456]
    )
    assert store.read_plane(2, 0, 1, 0).shape == (125, 150)
    create_default_thumbnail(pixels)  # rendered from the tiles on S3


def test_it_leaves_nothing_on_s3_when_an_import_fails(
    on_s3: str, server: S3Server, tmp_path: Path, do_import: Any
) -> None:
    path = tmp_path / "garbled.ome.tif"
    syn.write_ome_tiff(path, syn.synthetic_metadata(300, 200, size_c=3), compression="zlib")
    with tifffile.TiffFile(path) as tif:
        offset = tif.pages[-1].dataoffsets[0]  # the last channel: the others are written
    raw = bytearray(path.read_bytes())
    raw[offset : offset + 16] = b"\xff" * 16
    path.write_bytes(bytes(raw))

    (result,) = do_import(path)

    assert not result.ok and "cannot decode" in str(result.error)
    fs = fsspec.filesystem("s3", **server.options)
    assert fs.find(on_s3.removeprefix("s3://"), refresh=True) == []


def test_a_dead_workers_half_written_pyramid_is_removed_from_s3(
    on_s3: str,
    server: S3Server,
    samples: dict[str, Sample],
    owner_ctx: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pyomero.imports import leases, tasks

    from .test_leases import run_and_die

    before = tasks._queue
    queue = tasks.configure("thread", path=tmp_path / "tasks.sqlite3")
    try:
        handle = tasks.submit_import(owner_ctx, [samples["ome-tiff"].path])
        run_and_die(queue, monkeypatch)  # its staging store is on S3 now
        fs = fsspec.filesystem("s3", **server.options)
        assert fs.find(on_s3.removeprefix("s3://"), refresh=True) != []

        reaped = leases.reap(queue, tasks.clean_filesets, now=time.time() + leases.LEASE_TTL + 1)

        assert reaped.requeued == (handle.id,)
        assert fs.find(on_s3.removeprefix("s3://"), refresh=True) == []
    finally:
        tasks._queue = before
        leases._held.clear()
