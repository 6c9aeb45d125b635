"""``render_split_channel/<iid>/<z>/<t>/``: a panel per active channel, then the merge."""

from __future__ import annotations

import numpy as np
from django.test import Client
from tests.webgateway.helpers import expected_rgb, url

from pyomero.model.models import Image
from pyomero.rendering import decode


def split(client: Client, image: Image, **query: str) -> np.ndarray:
    response = client.get(url("webgateway_render_split_channel", image.pk, 0, 0), query)
    assert response.status_code == 200, response.content
    return decode(response.content)


def test_it_lays_out_channels_and_the_merge_in_colour(owner: Client, image: Image) -> None:
    canvas = split(owner, image, format="png")
    assert canvas.shape == (2 + 48 + 2 + 48 + 2, 2 + 64 + 2 + 64 + 2, 3)  # 2 x 2 grid
    assert np.array_equal(canvas[2:50, 2:66], expected_rgb(image, c="1,-2"))
    assert np.array_equal(canvas[2:50, 68:132], expected_rgb(image, c="-1,2"))
    assert np.array_equal(canvas[52:100, 2:66], expected_rgb(image))
    assert (canvas[52:100, 68:132] == 255).all()  # nothing in the fourth panel


def test_it_shows_greyscale_panels_without_a_merge(owner: Client, image: Image) -> None:
    canvas = split(owner, image, m="g", format="png")
    assert canvas.shape == (2 + 48 + 2, 2 + 64 + 2 + 64 + 2, 3)  # 2 x 1 grid
    assert np.array_equal(canvas[2:50, 68:132], expected_rgb(image, c="-1,2", m="g"))


def test_it_answers_jpeg_by_default(owner: Client, image: Image) -> None:
    response = owner.get(url("webgateway_render_split_channel", image.pk, 0, 0))
    assert response["Content-Type"] == "image/jpeg"
