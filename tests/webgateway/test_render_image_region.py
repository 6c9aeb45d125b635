"""``render_image_region/<iid>/<z>/<t>/?tile=|region=``: tiles of any level, regions."""

from __future__ import annotations

import re

import numpy as np
import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from tests.webgateway.helpers import expected_rgb, url
from tests.webgateway.originals import configure

from pyomero.model.models import Image
from pyomero.rendering import decode
from pyomero.testing.images import make_pixels_image

LOCMEM = {
    "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    "webgateway": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}


@pytest.fixture
def pyramid(owner_ctx, settings) -> Image:
    """600 x 400, chunks of 128, levels 600, 300, 150 wide; tiled (imgData's tiles:
    true), as planes above 300 x 300 are served as tiles here."""
    configure(
        settings,
        **{"omero.pixeldata.max_plane_width": "300", "omero.pixeldata.max_plane_height": "300"},
    )
    return make_pixels_image(owner_ctx, size_x=600, size_y=400, chunk=128, smallest_side=200)


def region(client: Client, image: Image, **query: str):
    return client.get(url("webgateway_render_image_region", image.pk, 0, 0), query)


def test_it_renders_a_full_resolution_tile(owner: Client, pyramid: Image) -> None:
    response = region(owner, pyramid, tile="0,1,2", format="png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert np.array_equal(decode(response.content), expected_rgb(pyramid)[256:384, 128:256])


def test_it_crops_edge_tiles(owner: Client, pyramid: Image) -> None:
    pixels = decode(region(owner, pyramid, tile="0,4,3", format="png").content)
    assert pixels.shape == (400 - 384, 600 - 512, 3)


def test_it_renders_lower_levels(owner: Client, pyramid: Image) -> None:
    pixels = decode(region(owner, pyramid, tile="2,0,0", format="png").content)
    assert pixels.shape == (100, 128, 3)  # level 2 is 150 x 100, tiles 128 wide


def test_it_uses_the_tile_size_given_up_to_the_maximum(owner: Client, pyramid: Image) -> None:
    assert decode(region(owner, pyramid, tile="0,0,0,10,20").content).shape == (20, 10, 3)
    assert decode(region(owner, pyramid, tile="0,0,0,0,0").content).shape == (128, 128, 3)


def test_it_renders_a_region(owner: Client, pyramid: Image) -> None:
    pixels = decode(region(owner, pyramid, region="590,390,50,50", format="png").content)
    assert np.array_equal(pixels, expected_rgb(pyramid)[390:, 590:])


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({}, "tile"),
        ({"tile": "malformed"}, "tile"),
        ({"tile": "9,0,0"}, "tile"),
        ({"tile": "0,99,0"}, "tile"),
        ({"region": "1,2,3"}, "region"),
        ({"region": "700,0,10,10"}, "region"),
        ({"region": "0,0,0,10"}, "region"),
        ({"tile": "0,0,0", "c": "1|x:3"}, "c"),
        ({"tile": "0,0,0", "c": "3"}, "c"),
        ({"tile": "0,0,0", "c": "1$nope.lut"}, "c"),
        ({"tile": "0,0,0", "m": "x"}, "m"),
        ({"tile": "0,0,0", "p": "intfoo"}, "p"),
        ({"tile": "0,0,0", "q": "2"}, "q"),
        ({"tile": "0,0,0", "maps": "{"}, "maps"),
        ({"tile": "0,0,0", "format": "gif"}, "format"),
        ({"tile": "0,0,0", "ia": "maybe"}, "ia"),
    ],
)
def test_it_refuses_bad_parameters_with_a_message(
    owner: Client, pyramid: Image, query: dict[str, str], parameter: str
) -> None:
    response = region(owner, pyramid, **query)
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().startswith((f"{parameter}=", f"{parameter} ", f"{parameter}:"))


def test_it_refuses_planes_the_image_does_not_have(owner: Client, pyramid: Image) -> None:
    response = owner.get(url("webgateway_render_image_region", pyramid.pk, 1, 0), {"tile": "0,0,0"})
    assert response.status_code == 400 and b"Z index 1" in response.content


def test_it_refuses_regions_larger_than_a_plane(owner: Client, pyramid: Image, settings) -> None:
    from pyomero.conf import Config

    settings.OMERO_CONFIG = Config(
        {"omero.pixeldata.max_plane_width": "100", "omero.pixeldata.max_plane_height": "100"},
        settings.OMERO_CONFIG.omerodir,
    )
    assert region(owner, pyramid, region="0,0,200,200").status_code == 400


@override_settings(CACHES=LOCMEM)
def test_it_serves_repeated_tiles_from_the_cache(
    owner: Client, pyramid: Image, monkeypatch
) -> None:
    from pyomero.imaging import render

    first = region(owner, pyramid, tile="0,0,0")
    monkeypatch.setattr(render, "render_area", lambda *a: pytest.fail("rendered again"))
    again = region(owner, pyramid, tile="0,0,0")
    assert again.content == first.content
    caches["webgateway"].clear()


def test_it_keeps_tiles_in_memory_when_no_cache_is_configured(
    owner: Client, pyramid: Image, monkeypatch
) -> None:
    from pyomero.imaging import render

    first = region(owner, pyramid, tile="0,1,1", c="1|0:999$FF0000,2|0:999$00FF00")
    monkeypatch.setattr(render, "render_area", lambda *a: pytest.fail("rendered again"))
    again = region(owner, pyramid, tile="0,1,1", c="1|0:999$FF0000,2|0:999$00FF00")
    assert again.status_code == 200 and again.content == first.content


def test_it_checks_a_tile_in_two_queries(owner: Client, pyramid: Image) -> None:
    region(owner, pyramid, tile="0,0,0")
    with CaptureQueriesContext(connection) as queries:
        response = region(owner, pyramid, tile="0,0,0")
    assert response.status_code == 200
    tables = [re.search(r'FROM "?(\w+)', q["sql"]).group(1) for q in queries.captured_queries]
    # the signed-in user with their groups; the image, its group and its settings' versions
    assert tables == ["model_experimenter", "model_image"]


def test_it_hides_the_image_from_outsiders(client_for, pyramid: Image) -> None:
    response = region(client_for("outsider"), pyramid, tile="0,0,0")
    assert response.status_code == 404


def test_it_tells_viewers_to_wait_while_pixels_are_written(owner: Client, owner_ctx) -> None:
    writing = make_pixels_image(owner_ctx, state="writing")
    response = region(owner, writing, tile="0,0,0")
    assert response.status_code == 503 and response["Retry-After"] == "5"
