"""The registry: highest priority wins; each reader registered once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import tifffile

from pyomero.pixels import Limits, PixelType, ReaderRegistry, TooLarge, open_image
from pyomero.pixels import synthetic as syn
from pyomero.pixels.readers import ImageJReader, OmeTiffReader, PlainTiffReader


def test_it_prefers_the_highest_priority(samples: Any) -> None:
    registry = ReaderRegistry([PlainTiffReader, OmeTiffReader])
    path = samples["ome-tiff"].path
    assert registry.candidates(path) == [OmeTiffReader, PlainTiffReader]
    assert registry.choose(path) is OmeTiffReader


def test_it_falls_back_to_plain_tiff_for_a_hyperstack(samples: Any) -> None:
    registry = ReaderRegistry([PlainTiffReader])
    assert registry.choose(samples["imagej"].path) is PlainTiffReader
    assert (
        ReaderRegistry([PlainTiffReader, ImageJReader]).choose(samples["imagej"].path)
        is ImageJReader
    )


def test_it_registers_a_reader_once() -> None:
    registry = ReaderRegistry([PlainTiffReader])
    with pytest.raises(ValueError, match="already registered"):
        registry.register(PlainTiffReader)


def test_it_applies_the_limits_it_is_given(samples: Any) -> None:
    with pytest.raises(TooLarge, match="more than the 50 px per side"):
        open_image(samples["ome-tiff"].path, Limits(max_side=50))


@pytest.mark.parametrize("pixel_type", [p for p in PixelType if p is not PixelType.BIT])
def test_it_reads_every_pixel_type_from_tiff(tmp_path: Path, pixel_type: PixelType) -> None:
    data = syn.plane(pixel_type, 0, 0, 0, 20, 30)
    tifffile.imwrite(tmp_path / "p.tif", data)
    with open_image(tmp_path / "p.tif") as reader:
        series = reader.series[0]
        assert series.metadata.pixel_type == pixel_type
        np.testing.assert_array_equal(series.read_plane(0, 0, 0, 0), data)


def test_it_reads_a_bit_tiff(tmp_path: Path) -> None:
    data = syn.plane(PixelType.BIT, 0, 0, 0, 16, 24)
    tifffile.imwrite(tmp_path / "b.tif", data)
    with open_image(tmp_path / "b.tif") as reader:
        series = reader.series[0]
        assert series.metadata.pixel_type == PixelType.BIT
        np.testing.assert_array_equal(series.read(0, 0, 0, 0, 3, 5, 10, 12), data[3:13, 5:17])
