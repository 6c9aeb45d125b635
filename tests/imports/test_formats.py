"""A file of every format imports: sizes, pixel type, channels, and the pixels at sample
points of every level of the written pyramid."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pyomero.model.models import FilesetState, Image, PixelsState
from pyomero.pixels import open_image, open_pyramid
from pyomero.pixels.store import downsample
from pyomero.testing.samples import SAMPLE_NAMES, Sample

from .conftest import only


def expected_levels(sample: Sample, plane: np.ndarray, count: int) -> list[np.ndarray]:
    """The source's own levels (nearest, as the sample writers make them), then 2x2 means."""
    levels = [plane]
    for level in range(1, count):
        if level < sample.levels:
            levels.append(plane[:: 2**level, :: 2**level])
        else:
            levels.append(downsample(levels[-1], "mean"))
    return levels


def source_plane(sample: Sample, t: int, c: int, z: int) -> np.ndarray:
    if sample.expected is not None:
        return np.asarray(sample.expected(t, c, z))
    with open_image(sample.path) as reader:  # lossy JPEG: what the decoder gives
        return reader.series[0].read_plane(0, t, c, z)


def points(height: int, width: int) -> list[tuple[int, int]]:
    return [(0, 0), (height - 1, width - 1), (height // 2, width // 3), (height // 3, width - 1)]


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_it_imports_every_format(
    samples: dict[str, Sample], do_import: Any, data_dir: Path, name: str
) -> None:
    sample = samples[name]
    result = only(do_import(sample.path))
    assert len(result.image_ids) == sample.series
    image = Image.objects.select_related("pixels", "fileset").get(pk=result.image_ids[0])
    pixels = image.pixels
    size_x, size_y, size_z, size_c, size_t = sample.sizes
    assert (pixels.size_x, pixels.size_y, pixels.size_z, pixels.size_c, pixels.size_t) == (
        size_x,
        size_y,
        size_z,
        size_c,
        size_t,
    )
    assert pixels.pixels_type == sample.pixel_type.value
    assert pixels.channels.count() == size_c
    assert pixels.state == PixelsState.READY
    assert image.fileset.state == FilesetState.COMPLETE

    pyramid = open_pyramid(data_dir / pixels.path)
    assert pyramid.metadata.pixel_type == sample.pixel_type
    assert len(pyramid.levels) >= sample.levels
    for t, c, z in {(0, 0, 0), (size_t - 1, size_c - 1, size_z - 1)}:
        want = expected_levels(sample, source_plane(sample, t, c, z), len(pyramid.levels))
        for level, expected in enumerate(want):
            got = pyramid.read_plane(level, t, c, z)
            assert got.shape == expected.shape, (name, level)
            for y, x in points(*expected.shape):
                assert got[y, x] == expected[y, x], (name, level, t, c, z, y, x)


def test_it_names_the_images_of_a_multi_image_file_after_the_file(
    samples: dict[str, Sample], do_import: Any
) -> None:
    result = only(do_import(samples["zarr-plate-0.4"].path))
    names = set(Image.objects.filter(pk__in=result.image_ids).values_list("name", flat=True))
    assert "plate-0.4.zarr [A1 field 1]" in names
    assert len(names) == 12
