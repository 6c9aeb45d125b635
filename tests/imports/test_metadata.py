"""What the file says becomes the model's: names, channels, colours, physical sizes."""

from __future__ import annotations

from typing import Any

import pytest

from pyomero.model.models import Image
from pyomero.testing.samples import Sample

from .conftest import only


def _image(result: Any) -> Image:
    return Image.objects.select_related("pixels").get(pk=result.image_ids[0])


def test_it_keeps_ome_tiff_names_channels_and_physical_sizes(
    samples: dict[str, Sample], do_import: Any
) -> None:
    image = _image(only(do_import(samples["ome-tiff"].path)))
    pixels = image.pixels
    assert image.name == "synthetic"
    assert list(pixels.channels.values_list("name", flat=True)) == ["ch0", "ch1"]
    assert (pixels.physical_size_x, pixels.physical_size_x_unit) == (0.5, "MICROMETER")
    assert (pixels.physical_size_y, pixels.physical_size_z) == (0.5, 2.0)


def test_it_keeps_imagej_calibration(samples: dict[str, Sample], do_import: Any) -> None:
    pixels = _image(only(do_import(samples["imagej"].path))).pixels
    assert pixels.physical_size_x == pytest.approx(0.25)
    assert pixels.physical_size_z == pytest.approx(1.5)
    assert pixels.time_increment == pytest.approx(2.0)


def test_it_keeps_lsm_voxel_sizes(samples: dict[str, Sample], do_import: Any) -> None:
    pixels = _image(only(do_import(samples["lsm"].path))).pixels
    size = pixels.physical_size_x
    unit = pixels.physical_size_x_unit
    in_um = size * {"MICROMETER": 1, "NANOMETER": 1e-3, "METER": 1e6}[unit]
    assert in_um == pytest.approx(0.2)


def test_it_makes_an_rgb_picture_red_green_and_blue_channels(
    samples: dict[str, Sample], do_import: Any
) -> None:
    image = _image(only(do_import(samples["png-rgb"].path)))
    assert image.name == "rgb.png"
    channels = list(image.pixels.channels.values("name", "red", "green", "blue"))
    assert channels == [
        {"name": "red", "red": 255, "green": 0, "blue": 0},
        {"name": "green", "red": 0, "green": 255, "blue": 0},
        {"name": "blue", "red": 0, "green": 0, "blue": 255},
    ]


def test_it_names_the_image_with_n_and_describes_it_with_x(
    samples: dict[str, Sample], do_import: Any
) -> None:
    result = only(do_import(samples["png"].path, name="my picture", description="from -x"))
    image = _image(result)
    assert (image.name, image.description) == ("my picture", "from -x")


def test_it_records_channel_min_and_max(samples: dict[str, Sample], do_import: Any) -> None:
    sample = samples["ome-tiff"]
    pixels = _image(only(do_import(sample.path))).pixels
    size_t, size_z = sample.sizes[4], sample.sizes[2]
    for channel in pixels.channels.all():
        planes = [
            sample.expected(t, channel.index, z) for t in range(size_t) for z in range(size_z)
        ]
        assert channel.stats_min == min(float(p.min()) for p in planes)
        assert channel.stats_max == max(float(p.max()) for p in planes)


def test_it_skips_min_and_max_with_skip_minmax(samples: dict[str, Sample], do_import: Any) -> None:
    from pyomero.imports import Skip

    pixels = _image(only(do_import(samples["ome-tiff"].path, skip={Skip.MINMAX}))).pixels
    assert set(pixels.channels.values_list("stats_min", "stats_max")) == {(None, None)}
