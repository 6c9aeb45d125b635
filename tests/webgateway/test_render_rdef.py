"""``render_image_rdef`` and ``render_image_region_rdef``: every setting in the query."""

from __future__ import annotations

import numpy as np
import pytest
from django.test import Client
from tests.webgateway.helpers import expected_rgb, url

from pyomero.model.models import Image
from pyomero.rendering import decode

FULL = {"c": "1|0:30000$FF0000,-2|0:30000$00FF00", "m": "c"}


def test_it_renders_a_fully_specified_image(owner: Client, image: Image) -> None:
    query = {**FULL, "format": "png"}
    response = owner.get(url("webgateway_render_image_rdef", image.pk), query)
    assert response.status_code == 200
    assert np.array_equal(decode(response.content), expected_rgb(image, **query))


def test_it_renders_a_fully_specified_region(owner: Client, image: Image) -> None:
    query = {**FULL, "region": "0,0,10,10"}
    response = owner.get(url("webgateway_render_image_region_rdef", image.pk, 0, 0), query)
    assert response.status_code == 200 and decode(response.content).shape == (10, 10, 3)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"m": "c"}, b"must specify channels"),
        ({"c": "1$FF0000", "m": "c"}, b"window for each channel"),
        ({"c": "1|0:10", "m": "c"}, b"color for each channel"),
        ({"c": "1|0:10$FF0000"}, b'"m" must be present'),
        ({**FULL, "maps": "[null]"}, b"must match number of channels"),
    ],
)
def test_it_refuses_incomplete_settings(
    owner: Client, image: Image, query: dict[str, str], message: bytes
) -> None:
    response = owner.get(url("webgateway_render_image_rdef", image.pk), query)
    assert response.status_code == 400 and message in response.content
