"""The pyramid writer: levels, values at every level, stats, atomicity, fsspec."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import zarr

from pyomero.pixels import (
    Channel,
    PixelType,
    StoreExists,
    WriteOptions,
    open_pyramid,
    write_pyramid,
)
from pyomero.pixels import synthetic as syn
from pyomero.pixels.store import downsample, plan_levels


def test_it_plans_halved_levels_down_to_256_px() -> None:
    meta = syn.synthetic_metadata(20_000, 15_000)
    sizes = plan_levels(meta, 256)
    assert sizes[0] == (15_000, 20_000)
    assert sizes[1] == (7_500, 10_000)
    assert max(sizes[-1]) <= 256 < max(sizes[-2])


def test_it_writes_one_level_for_a_small_image() -> None:
    assert plan_levels(syn.synthetic_metadata(200, 100), 256) == [(100, 200)]


def test_it_downsamples_by_mean_and_rounds_odd_sides_up() -> None:
    block = np.array([[0, 2, 9], [4, 6, 9]], np.uint16)
    np.testing.assert_array_equal(downsample(block, "mean"), [[3, 9]])
    np.testing.assert_array_equal(downsample(block, "nearest"), [[0, 9]])


def _expected_levels(plane: np.ndarray, count: int, method: str) -> list[np.ndarray]:
    levels = [plane]
    for _ in range(count - 1):
        levels.append(downsample(levels[-1], method))
    return levels


@pytest.mark.parametrize("method", ["mean", "nearest"])
def test_it_writes_every_level_with_the_right_pixels(tmp_path: Path, method: str) -> None:
    series = syn.synthetic_series(1100, 700, size_c=2, size_z=2)
    info = write_pyramid(series, tmp_path / "p.zarr", WriteOptions(chunk=256, downsample=method))
    assert [(lv.size_x, lv.size_y) for lv in info.levels] == [
        (1100, 700),
        (550, 350),
        (275, 175),
        (138, 88),
    ]
    pyramid = open_pyramid(tmp_path / "p.zarr")
    for c in range(2):
        for z in range(2):
            full = syn.plane(PixelType.UINT16, 0, c, z, 700, 1100)
            for level, want in enumerate(_expected_levels(full, 4, method)):
                got = pyramid.read_plane(level, 0, c, z)
                np.testing.assert_array_equal(got, want)


def test_it_computes_channel_min_and_max(tmp_path: Path) -> None:
    series = syn.synthetic_series(300, 200, size_c=3, size_t=2)
    info = write_pyramid(series, tmp_path / "p.zarr")
    data = syn.stack(series.metadata)
    for c, stats in enumerate(info.stats):
        assert (stats.min, stats.max) == (data[:, c].min(), data[:, c].max())
    assert open_pyramid(tmp_path / "p.zarr").stats == info.stats


def test_it_writes_the_callers_omero_block_from_the_stats(tmp_path: Path) -> None:
    series = syn.synthetic_series(64, 64, size_c=3, size_z=5)
    seen: list[Any] = []

    def block(stats: Any) -> dict[str, Any]:
        seen.append(stats)
        return {"channels": [{"label": "mine"}] * 3, "rdefs": {"defaultZ": 2}}

    info = write_pyramid(series, tmp_path / "p.zarr", omero=block)
    attrs = json.loads((tmp_path / "p.zarr" / ".zattrs").read_text())
    assert seen == [info.stats]
    assert attrs["omero"] == {"channels": [{"label": "mine"}] * 3, "rdefs": {"defaultZ": 2}}
    assert attrs["multiscales"][0]["version"] == "0.4"


def test_it_writes_only_what_it_knows_without_an_omero_block(tmp_path: Path) -> None:
    meta = syn.synthetic_metadata(64, 64, size_c=2)
    meta = dataclasses.replace(meta, channels=(Channel("DAPI", "0000FF"), Channel()))
    info = write_pyramid(syn.SyntheticSeries(Path("x"), meta), tmp_path / "p.zarr")
    omero = json.loads((tmp_path / "p.zarr" / ".zattrs").read_text())["omero"]
    low, high = info.stats[0].min, info.stats[0].max
    assert omero["channels"][0] == {
        "label": "DAPI",
        "color": "0000FF",
        "window": {"min": low, "max": high, "start": low, "end": high},
    }
    assert "color" not in omero["channels"][1]  # no rule: rendering.defaults decides
    assert "rdefs" not in omero


def test_it_is_readable_by_zarr_python(tmp_path: Path) -> None:
    series = syn.synthetic_series(600, 300, size_c=2)
    write_pyramid(series, tmp_path / "p.zarr")
    group = zarr.open_group(tmp_path / "p.zarr", mode="r")
    np.testing.assert_array_equal(
        group["0"][0, 1, 0], syn.plane(PixelType.UINT16, 0, 1, 0, 300, 600)
    )


def test_it_refuses_to_overwrite_a_store(tmp_path: Path) -> None:
    series = syn.synthetic_series(64, 64)
    write_pyramid(series, tmp_path / "p.zarr")
    with pytest.raises(StoreExists, match="written once"):
        write_pyramid(series, tmp_path / "p.zarr")


class Failing(syn.SyntheticSeries):
    def _read(self, level: int, t: int, c: int, z: int, y: int, x: int, h: int, w: int) -> Any:
        if c == 1:
            raise OSError("disk went away")
        return super()._read(level, t, c, z, y, x, h, w)


def test_it_leaves_nothing_when_the_source_fails_mid_write(tmp_path: Path) -> None:
    meta = syn.synthetic_metadata(600, 600, size_c=2)
    with pytest.raises(Exception, match="disk went away"):
        write_pyramid(Failing(Path("x"), meta), tmp_path / "p.zarr")
    assert list(tmp_path.iterdir()) == []


def test_it_writes_through_fsspec(tmp_path: Path) -> None:
    series = syn.synthetic_series(700, 300, size_c=2)
    info = write_pyramid(series, "memory://stores/p.zarr")
    pyramid = open_pyramid("memory://stores/p.zarr")
    np.testing.assert_array_equal(
        pyramid.read_plane(1, 0, 1, 0),
        downsample(syn.plane(PixelType.UINT16, 0, 1, 0, 300, 700), "mean"),
    )
    assert pyramid.stats == info.stats


def test_it_keeps_the_levels_of_a_pyramidal_source(samples: Any, tmp_path: Path) -> None:
    from pyomero.pixels import open_image

    with open_image(samples["ome-tiff-pyramid"].path) as reader:
        series = reader.series[0]
        info = write_pyramid(series, tmp_path / "p.zarr")
        assert [(lv.size_x, lv.size_y) for lv in info.levels] == [
            (600, 500),
            (300, 250),
            (150, 125),
        ]
        assert info.chunk == (256, 256)
        pyramid = open_pyramid(tmp_path / "p.zarr")
        for level in range(3):
            np.testing.assert_array_equal(
                pyramid.read_plane(level, 0, 2, 0), series.read_plane(level, 0, 2, 0)
            )


@pytest.mark.parametrize("pixel_type", list(PixelType))
def test_it_stores_every_pixel_type(tmp_path: Path, pixel_type: PixelType) -> None:
    series = syn.synthetic_series(300, 290, pixel_type=pixel_type)
    write_pyramid(series, tmp_path / "p.zarr")
    pyramid = open_pyramid(tmp_path / "p.zarr")
    assert pyramid.metadata.pixel_type == pixel_type
    np.testing.assert_array_equal(
        pyramid.read_plane(0, 0, 0, 0), syn.plane(pixel_type, 0, 0, 0, 290, 300)
    )


def test_it_keeps_memory_bounded_whatever_the_plane_area(tmp_path: Path) -> None:
    import tracemalloc

    series = syn.synthetic_series(6000, 6000, size_c=3)  # 206 MiB of pixels
    tracemalloc.start()
    try:
        write_pyramid(series, tmp_path / "p.zarr", WriteOptions(band_bytes=2 << 20))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 32 << 20  # one plane alone is 69 MiB
