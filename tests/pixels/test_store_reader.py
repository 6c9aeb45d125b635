"""The chunk fast path reads exactly what zarr-python reads, for v2 and v3 arrays."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
import zarr
from zarr.codecs import BloscCodec, GzipCodec

from pyomero.pixels import StoreNotFound, open_pyramid, write_pyramid
from pyomero.pixels import synthetic as syn
from pyomero.pixels.store import ChunkArray, Location

REGIONS = [(0, 0, 64, 64), (10, 20, 100, 90), (63, 63, 2, 2), (0, 0, 150, 200), (100, 150, 50, 50)]


@pytest.mark.parametrize("zarr_format", [2, 3])
@pytest.mark.parametrize("codec", ["blosc", "gzip"])
def test_it_reads_regions_as_zarr_does(tmp_path: Path, zarr_format: int, codec: str) -> None:
    data = np.random.default_rng(1).integers(0, 4000, (2, 150, 200), dtype=np.uint16)
    data[:, :64, 64:128] = 0  # a chunk zarr does not store
    if zarr_format == 2:
        import numcodecs

        compressors = numcodecs.Blosc("zstd") if codec == "blosc" else numcodecs.GZip()
    else:
        compressors = BloscCodec(cname="zstd") if codec == "blosc" else GzipCodec()
    array = zarr.create_array(
        tmp_path / "a",
        shape=data.shape,
        chunks=(1, 64, 64),
        dtype=data.dtype,
        zarr_format=zarr_format,
        compressors=compressors,
    )
    array[...] = data
    fast = ChunkArray.open(Location.of(tmp_path).io(), "a")
    for y, x, h, w in REGIONS:
        got = fast.read([(1,), (0,)], y, x, h, w)
        np.testing.assert_array_equal(got, np.stack([data[1], data[0]])[:, y : y + h, x : x + w])


def test_it_reads_three_channels_in_one_call(tmp_path: Path) -> None:
    series = syn.synthetic_series(1024, 1024, size_c=3)
    write_pyramid(series, tmp_path / "p.zarr")
    pyramid = open_pyramid(tmp_path / "p.zarr")
    tile = pyramid.read_channels(0, 0, [0, 1, 2], 0, 512, 512, 512, 512)
    want = np.stack(
        [syn.plane(series.metadata.pixel_type, 0, c, 0, 512, 512, 512, 512) for c in range(3)]
    )
    np.testing.assert_array_equal(tile, want)


def test_it_is_safe_to_share_between_threads(tmp_path: Path) -> None:
    series = syn.synthetic_series(1024, 768, size_c=2)
    write_pyramid(
        series,
        tmp_path / "p.zarr",
    )
    pyramid = open_pyramid(tmp_path / "p.zarr")

    def one(i: int) -> bool:
        y, x, c = (i * 37) % 500, (i * 53) % 700, i % 2
        got = pyramid.read(0, 0, c, 0, y, x, 200, 300)
        return bool((got == syn.plane(series.metadata.pixel_type, 0, c, 0, 200, 300, y, x)).all())

    with ThreadPoolExecutor(4) as pool:
        assert all(pool.map(one, range(64)))


def test_it_says_when_there_is_no_store(tmp_path: Path) -> None:
    with pytest.raises(StoreNotFound, match="no pyramid store"):
        open_pyramid(tmp_path / "missing.zarr")
