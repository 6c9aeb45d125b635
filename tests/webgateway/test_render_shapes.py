"""``render_shape_mask/<shapeId>/``, ``render_shape_thumbnail/<shapeId>/`` and
``render_roi_thumbnail/<roiId>/``."""

from __future__ import annotations

import io

import numpy as np
import pytest
from django.test import Client
from PIL import Image as PILImage
from tests.webgateway.helpers import expected_rgb, url

from pyomero.model.actions import do_save_roi
from pyomero.model.context import EventContext
from pyomero.model.models import Image, Roi, Shape, rgba_to_int
from pyomero.rendering import decode

#: A 5 x 3 mask: a diagonal and the last row.
MASK = np.array([[1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [1, 1, 1, 1, 1]], dtype=np.uint8)
RECTANGLE = {"kind": "Rectangle", "x": 10.0, "y": 10.0, "width": 20.0, "height": 10.0}


def save(ctx: EventContext, image: Image, *shapes: dict) -> Roi:
    return do_save_roi(ctx, image, shapes)


def mask_shape(ctx: EventContext, image: Image, **fields) -> Shape:
    spec = {"kind": "Mask", "x": 0.0, "y": 0.0, "width": 5.0, "height": 3.0}
    spec["bytes"] = np.packbits(MASK.ravel()).tobytes()
    roi = save(ctx, image, {**spec, **fields})
    return roi.shapes.get()


def test_it_paints_a_mask_in_its_fill_colour(owner: Client, owner_ctx, image: Image) -> None:
    shape = mask_shape(owner_ctx, image, fill_color=rgba_to_int(255, 0, 0, 128))
    response = owner.get(url("webgateway_render_shape_mask", shape.pk))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    rgba = np.asarray(PILImage.open(io.BytesIO(response.content)).convert("RGBA"))
    assert rgba.shape == (3, 5, 4)
    assert np.array_equal(rgba[MASK == 1], np.tile([255, 0, 0, 128], (int(MASK.sum()), 1)))
    assert not rgba[MASK == 0].any()


def test_it_paints_a_mask_without_colour_yellow(owner: Client, owner_ctx, image: Image) -> None:
    shape = mask_shape(owner_ctx, image)
    png = owner.get(url("webgateway_render_shape_mask", shape.pk)).content
    rgba = np.asarray(PILImage.open(io.BytesIO(png)).convert("RGBA"))
    assert tuple(rgba[2, 4]) == (255, 255, 0, 255)


@pytest.mark.parametrize("fields", [{"width": 50.0}, {"bytes": b""}])
def test_it_refuses_masks_without_their_bytes(owner: Client, owner_ctx, image, fields) -> None:
    shape = mask_shape(owner_ctx, image, **fields)
    response = owner.get(url("webgateway_render_shape_mask", shape.pk))
    assert response.status_code == 400 and b"Mask" in response.content


def test_it_refuses_a_mask_of_another_shape(owner: Client, owner_ctx, image: Image) -> None:
    shape = save(owner_ctx, image, RECTANGLE).shapes.get()
    response = owner.get(url("webgateway_render_shape_mask", shape.pk))
    assert response.status_code == 400 and b"not a Mask" in response.content


def thumbnail_of(client: Client, shape: Shape, **query: str) -> np.ndarray:
    response = client.get(url("webgateway_render_shape_thumbnail", shape.pk), query)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    return decode(response.content).astype(int)


def test_it_renders_the_image_around_a_shape(owner: Client, owner_ctx, image: Image) -> None:
    shape = save(owner_ctx, image, RECTANGLE).shapes.get()
    pixels = thumbnail_of(owner, shape)
    # The region is 50 px square from (-5, -10), shown at 250 px: 5 px per image px.
    assert pixels.shape == (250, 250, 3)
    assert np.abs(pixels[5, 5] - [221, 221, 221]).max() < 8  # above the image: grey
    inside = pixels[110:120, 160:170].mean(axis=(0, 1))  # image x 27-29, y 12-14
    assert np.abs(inside - expected_rgb(image)[12:14, 27:29].mean(axis=(0, 1))).max() < 12
    edge = pixels[100, 80:120].mean(axis=0)  # the rectangle's top side, y = 10
    assert (edge > 200).all()


def test_it_draws_the_outline_in_the_colour_asked_for(
    owner: Client, owner_ctx, image: Image
) -> None:
    shape = save(owner_ctx, image, RECTANGLE).shapes.get()
    edge = thumbnail_of(owner, shape, color="f00")[100, 80:120].mean(axis=0)
    assert edge[0] > 200 and edge[1] < 80 and edge[2] < 80


@pytest.mark.parametrize(
    "spec",
    [
        {"kind": "Ellipse", "x": 30.0, "y": 20.0, "radius_x": 8.0, "radius_y": 4.0},
        {"kind": "Point", "x": 3.0, "y": 3.0},
        {"kind": "Line", "x1": 0.0, "y1": 0.0, "x2": 60.0, "y2": 40.0},
        {"kind": "Polygon", "points": "10,10 30,12 20,30"},
        {"kind": "Polyline", "points": "10,10 30,12 20,30"},
    ],
)
def test_it_renders_every_kind_of_shape(owner: Client, owner_ctx, image: Image, spec) -> None:
    shape = save(owner_ctx, image, spec).shapes.get()
    assert thumbnail_of(owner, shape).shape == (250, 250, 3)


def test_it_renders_the_first_shape_of_a_roi(owner: Client, owner_ctx) -> None:
    from pyomero.testing.images import make_pixels_image

    stack = make_pixels_image(owner_ctx, size_z=3, size_c=1)
    later = {**RECTANGLE, "the_z": 2}
    first = {**RECTANGLE, "the_z": 1}
    roi = save(owner_ctx, stack, later, first)
    response = owner.get(url("webgateway_render_roi_thumbnail", roi.pk))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    shape = roi.shapes.get(the_z=1)
    assert np.abs(decode(response.content).astype(int) - thumbnail_of(owner, shape)).mean() < 1


@pytest.mark.parametrize(("persona", "status"), [("member", 200), ("outsider", 404)])
def test_it_answers_who_sees_the_image(client_for, owner_ctx, image, persona, status) -> None:
    roi = save(owner_ctx, image, RECTANGLE)
    shape = roi.shapes.get()
    client = client_for(persona)
    assert client.get(url("webgateway_render_shape_thumbnail", shape.pk)).status_code == status
    assert client.get(url("webgateway_render_roi_thumbnail", roi.pk)).status_code == status
    masked = mask_shape(owner_ctx, image)
    assert client.get(url("webgateway_render_shape_mask", masked.pk)).status_code == status


def test_it_sends_anonymous_visitors_to_the_login_page(owner_ctx, image: Image) -> None:
    shape = save(owner_ctx, image, RECTANGLE).shapes.get()
    response = Client().get(url("webgateway_render_shape_thumbnail", shape.pk))
    assert response.status_code == 302 and "/login/" in response["Location"]
