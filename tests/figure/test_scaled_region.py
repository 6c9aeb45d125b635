"""``render_scaled_region/``: a panel's region at a scale, grey past the image's edges."""

from __future__ import annotations

import io

import numpy as np
from django.test import Client
from PIL import Image as PILImage

from pyomero.model.context import EventContext
from pyomero.model.models import Image
from pyomero.testing.images import make_pixels_image


def decoded(response) -> np.ndarray:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "image/jpeg"
    return np.asarray(PILImage.open(io.BytesIO(response.content)).convert("RGB"))


def test_it_renders_a_region_inside_the_image_like_render_image_region(
    owner: Client, image: Image
) -> None:
    scaled = decoded(owner.get(f"/figure/render_scaled_region/{image.pk}/1/0/?region=8,4,32,24"))
    region = decoded(owner.get(f"/webgateway/render_image_region/{image.pk}/1/0/?region=8,4,32,24"))
    assert scaled.shape == (24, 32, 3)
    assert np.abs(scaled.astype(int) - region.astype(int)).mean() < 4


def test_it_paints_the_part_outside_the_image_grey(owner: Client, image: Image) -> None:
    pixels = decoded(
        owner.get(f"/figure/render_scaled_region/{image.pk}/0/0/?region=-20,-10,40,30")
    )
    assert pixels.shape == (30, 40, 3)
    assert np.abs(pixels[:8, :18].astype(int) - 221).max() < 8


def test_it_reads_a_coarser_level_when_the_region_is_larger_than_max_size(
    owner_ctx: EventContext, owner: Client
) -> None:
    big = make_pixels_image(owner_ctx, "big.tif", size_x=2048, size_y=1024)
    pixels = decoded(
        owner.get(f"/figure/render_scaled_region/{big.pk}/0/0/?region=0,0,2048,1024&max_size=600")
    )
    assert pixels.shape == (256, 512, 3)


def test_it_refuses_a_region_that_is_not_four_numbers(owner: Client, image: Image) -> None:
    response = owner.get(f"/figure/render_scaled_region/{image.pk}/0/0/?region=1,2,nan,4")
    assert response.status_code == 400
    assert b"region" in response.content
