"""The raw values of one pixel, as stored."""

from __future__ import annotations

import pytest

from pyomero.imaging.pixel_values import PixelValue, pixel_window
from pyomero.model.errors import ObjectNotFoundError
from pyomero.rendering import ParameterOutOfRangeError
from pyomero.testing.images import make_pixels_image, synthetic_plane
from pyomero.testing.personas import Personas


def test_it_reads_each_channel_at_the_plane(owner_ctx) -> None:
    image = make_pixels_image(owner_ctx, size_z=2, size_c=3)
    found = pixel_window(owner_ctx, image.pk, 17, 9, z=1, channels=[0, 2]).values_at(17, 9)
    assert found == [
        PixelValue(0, synthetic_plane(image, c=0, z=1)[9, 17]),
        PixelValue(2, synthetic_plane(image, c=2, z=1)[9, 17]),
    ]
    assert len(pixel_window(owner_ctx, image.pk, 0, 0).values_at(0, 0)) == 3


def test_it_refuses_a_pixel_outside_the_image(owner_ctx, image) -> None:
    with pytest.raises(ParameterOutOfRangeError):
        pixel_window(owner_ctx, image.pk, 64, 0)
    with pytest.raises(ParameterOutOfRangeError):
        pixel_window(owner_ctx, image.pk, 0, 0, channels=[5])


def test_it_answers_404_to_an_outsider(personas: Personas, image) -> None:
    with pytest.raises(ObjectNotFoundError):
        pixel_window(personas.ctx("outsider"), image.pk, 0, 0)


def test_it_reads_a_window_around_the_point_clipped_to_the_image(owner_ctx) -> None:
    image = make_pixels_image(owner_ctx, size_c=2)
    window = pixel_window(owner_ctx, image.pk, 1, 2, channels=[1, 1], reach=3)
    assert (window.left, window.top, window.channels) == (0, 0, [1])
    assert window.data.shape == (1, 6, 5)
    assert window.data[0, 2, 1] == synthetic_plane(image, c=1)[2, 1]
