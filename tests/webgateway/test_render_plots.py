"""``render_row_plot`` and ``render_col_plot``: intensity profiles as transparent GIFs."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from PIL import Image as PILImage
from tests.webgateway.helpers import url

from pyomero.model.models import Image


def gif(response) -> PILImage.Image:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "image/gif"
    return PILImage.open(io.BytesIO(response.content))


def test_it_plots_a_row(owner: Client, image: Image) -> None:
    plot = gif(owner.get(url("webgateway_render_row_plot", image.pk, 0, 0, 10)))
    assert plot.size == (64, 48) and plot.info["transparency"] == 0
    rgba = plot.convert("RGBA")
    assert rgba.getpixel((0, 10)) == (255, 255, 255, 255)  # the marker line
    assert rgba.getpixel((30, 0))[3] == 0  # transparent above the profiles


def test_it_plots_a_column_with_a_line_width(owner: Client, image: Image) -> None:
    plot = gif(owner.get(url("webgateway_render_col_plot", image.pk, 0, 0, 5, 3)))
    assert plot.size == (64, 48)
    assert plot.convert("RGBA").getpixel((5, 40)) == (255, 255, 255, 255)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("webgateway_render_row_plot", (0, 0, 48)),
        ("webgateway_render_col_plot", (0, 0, 64)),
        ("webgateway_render_row_plot", (1, 0, 0)),
    ],
)
def test_it_refuses_positions_outside_the_image(owner: Client, image: Image, name, args) -> None:
    response = owner.get(url(name, image.pk, *args))
    assert response.status_code == 400 and response.content
