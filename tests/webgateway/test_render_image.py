"""``render_image/<iid>/[<z>/[<t>/]]``: the whole plane with the user's settings."""

from __future__ import annotations

import numpy as np
import pytest
from django.test import Client
from tests.webgateway.helpers import expected_rgb, url

from pyomero.conf import Config
from pyomero.model.models import Image
from pyomero.rendering import decode
from pyomero.testing.images import make_pixels_image


def test_it_renders_the_default_plane_as_a_jpeg(owner: Client, image: Image) -> None:
    response = owner.get(url("webgateway_render_image", image.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    pixels = decode(response.content)
    assert pixels.shape == (48, 64, 3)
    assert np.abs(pixels.astype(int) - expected_rgb(image)).mean() < 3


def test_it_renders_exact_pixels_as_png(owner: Client, image: Image) -> None:
    response = owner.get(url("webgateway_render_image", image.pk), {"format": "png"})
    assert response["Content-Type"] == "image/png"
    assert np.array_equal(decode(response.content), expected_rgb(image))


def test_it_applies_the_query(owner: Client, image: Image) -> None:
    query = {"c": "-1,2|100:20000$FF00FF", "m": "c", "format": "png"}
    response = owner.get(url("webgateway_render_image", image.pk), query)
    assert np.array_equal(decode(response.content), expected_rgb(image, **query))


def test_it_renders_greyscale(owner: Client, image: Image) -> None:
    query = {"m": "g", "format": "png"}
    pixels = decode(owner.get(url("webgateway_render_image", image.pk), query).content)
    assert np.array_equal(pixels[..., 0], pixels[..., 2])
    assert np.array_equal(pixels, expected_rgb(image, **query))


def test_it_takes_z_and_t_from_the_path(owner: Client, owner_ctx) -> None:
    stack = make_pixels_image(owner_ctx, size_z=3, size_t=2, size_c=1)
    response = owner.get(url("webgateway_render_image", stack.pk, 2, 1), {"format": "png"})
    assert np.array_equal(decode(response.content), expected_rgb(stack, z=2, t=1))


def test_it_projects_a_z_stack(owner: Client, owner_ctx) -> None:
    stack = make_pixels_image(owner_ctx, size_z=4, size_c=1)
    query = {"p": "intmax|1:2", "format": "png"}
    response = owner.get(url("webgateway_render_image", stack.pk), query)
    assert np.array_equal(decode(response.content), expected_rgb(stack, **query))


def test_it_sends_an_etag_and_answers_304(owner: Client, image: Image) -> None:
    first = owner.get(url("webgateway_render_image", image.pk))
    assert first["Cache-Control"] == "private, no-cache"
    again = owner.get(url("webgateway_render_image", image.pk), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    other = owner.get(url("webgateway_render_image", image.pk), {"m": "g"})
    assert other["ETag"] != first["ETag"]


def test_it_ignores_jquerys_cache_buster(owner: Client, image: Image) -> None:
    plain = owner.get(url("webgateway_render_image", image.pk))
    busted = owner.get(url("webgateway_render_image", image.pk), {"_": "123"})
    assert busted.status_code == 200 and busted["ETag"] == plain["ETag"]


def test_it_sends_anonymous_visitors_to_the_login_page(image: Image) -> None:
    response = Client().get(url("webgateway_render_image", image.pk))
    assert response.status_code == 302
    assert response["Location"].startswith("/webclient/login/?url=/webgateway/render_image/")


@pytest.mark.parametrize(
    ("planes", "query", "parameter"),
    [
        ((3, 0), {}, "z"),
        ((0, 2), {}, "t"),
        ((), {"z": "x"}, "z"),
        ((), {"c": "1|0:1$nothex"}, "c"),
        ((), {"p": "intmax|2:1"}, "p"),
        ((), {"q": "high"}, "q"),
        ((), {"maps": '[{"inverted": 1}'}, "maps"),
    ],
)
def test_it_refuses_bad_parameters_naming_them(
    owner: Client, owner_ctx, planes, query, parameter: str
) -> None:
    stack = make_pixels_image(owner_ctx, size_z=3, size_t=2, size_c=1)
    response = owner.get(url("webgateway_render_image", stack.pk, *planes), query)
    assert response.status_code == 400 and response["Content-Type"].startswith("text/plain")
    assert response.content.decode().startswith((f"{parameter}=", f"{parameter} ", f"{parameter}:"))


def test_it_refuses_projections_above_the_configured_bytes(
    owner: Client, owner_ctx, settings
) -> None:
    stack = make_pixels_image(owner_ctx, size_z=4, size_c=1)
    settings.OMERO_CONFIG = Config(
        {"omero.pixeldata.max_projection_bytes": "1000"}, settings.OMERO_CONFIG.omerodir
    )
    response = owner.get(url("webgateway_render_image", stack.pk), {"p": "intmax"})
    assert response.status_code == 400
    assert b"omero.pixeldata.max_projection_bytes" in response.content
