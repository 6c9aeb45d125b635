"""Which pixels a render reads: big planes at a reduced level, projections bounded."""

from __future__ import annotations

import pytest

from pyomero.conf import Config
from pyomero.imaging import render_image, render_image_region
from pyomero.rendering import ProjectionTooLargeError, decode, parse_query
from pyomero.testing.images import make_pixels_image


def small_planes(settings, **extra: str) -> None:
    settings.OMERO_CONFIG = Config(
        {
            "omero.pixeldata.max_plane_width": "200",
            "omero.pixeldata.max_plane_height": "200",
            **extra,
        },
        settings.OMERO_CONFIG.omerodir,
    )


def test_a_big_plane_renders_at_the_largest_level_that_fits(owner_ctx, settings) -> None:
    big = make_pixels_image(owner_ctx, size_x=600, size_y=400, chunk=128, smallest_side=100)
    small_planes(settings)
    done = render_image(owner_ctx, big.pk, parse_query({"format": "png"}))
    assert decode(done.body).shape == (100, 150, 3)  # level 2: 150 x 100 <= 200 x 200


def test_projections_above_the_limit_are_refused(owner_ctx, settings) -> None:
    stack = make_pixels_image(owner_ctx, size_z=4, size_c=1)
    small_planes(settings, **{"omero.pixeldata.max_projection_bytes": "10000"})
    with pytest.raises(ProjectionTooLargeError):
        render_image(owner_ctx, stack.pk, parse_query({"p": "intmax"}))


def test_inverted_axis_swaps_z_and_t(owner_ctx) -> None:
    image = make_pixels_image(owner_ctx, size_z=1, size_t=3, size_c=1)
    swapped = render_image_region(
        owner_ctx, image.pk, parse_query({"ia": "1", "region": "0,0,8,8", "format": "png"}), 2, 0
    )
    plain = render_image_region(
        owner_ctx, image.pk, parse_query({"region": "0,0,8,8", "format": "png"}), 0, 2
    )
    assert swapped.body == plain.body
