"""Every reader against every sample file it claims (large_image's contract matrix)."""

from __future__ import annotations

import numpy as np
import pytest

from pyomero.pixels import RegionOutOfBounds, default_registry
from pyomero.pixels.readers import ALL_READERS

from .conftest import Sample, sample_names

MATRIX = [(reader, name) for reader in ALL_READERS for name in sample_names()]


@pytest.mark.parametrize("name", sample_names())
def test_it_picks_the_expected_reader(samples: dict[str, Sample], name: str) -> None:
    sample = samples[name]
    assert default_registry().choose(sample.path).format_name == sample.reader


@pytest.mark.parametrize(
    ("reader", "name"), MATRIX, ids=[f"{r.format_name}-{n}" for r, n in MATRIX]
)
def test_it_honours_the_contract(samples: dict[str, Sample], reader: type, name: str) -> None:
    sample = samples[name]
    if not reader.claims(sample.path):
        # A reader that does not claim a file is never the one chosen for it.
        assert default_registry().choose(sample.path).format_name != reader.format_name
        return
    with reader(sample.path) as opened:
        assert sample.path.resolve() in [f.resolve() for f in opened.files] or (
            sample.path.is_dir() and all(sample.path in f.parents for f in opened.files)
        )
        if reader.format_name == sample.reader:
            assert len(opened.series) == sample.series
        series = opened.series[0]
        meta = series.metadata
        # Bio-Formats is the reference: where it sees a synthetic file otherwise (an STK's
        # planes as T, a GIF's frames), test_conformance.py holds pyomero to its reading.
        exact = reader.format_name != "bioformats" or reader.format_name == sample.reader
        if exact:
            assert (meta.size_x, meta.size_y, meta.size_z, meta.size_c, meta.size_t) == sample.sizes
            assert meta.pixel_type == sample.pixel_type
            assert len(meta.levels) == sample.levels
        assert len(meta.channels) == meta.size_c
        for t, c, z in {(0, 0, 0), (meta.size_t - 1, meta.size_c - 1, meta.size_z - 1)}:
            whole = series.read_plane(0, t, c, z)
            assert whole.shape == (meta.size_y, meta.size_x)
            assert whole.dtype == meta.dtype
            y, x = meta.size_y // 3, meta.size_x // 4
            region = series.read(0, t, c, z, y, x, meta.size_y - y, meta.size_x // 2)
            np.testing.assert_array_equal(region, whole[y:, x : x + meta.size_x // 2])
            if sample.expected is not None and exact:
                np.testing.assert_array_equal(whole, sample.expected(t, c, z))
        for level in range(1, len(meta.levels)):
            size = meta.levels[level]
            assert series.read_plane(level, 0, 0, 0).shape == (size.size_y, size.size_x)
        with pytest.raises(RegionOutOfBounds):
            series.read(0, 0, 0, 0, 0, 0, meta.size_y + 1, 1)
        with pytest.raises(RegionOutOfBounds):
            series.read(0, meta.size_t, 0, 0, 0, 0, 1, 1)
