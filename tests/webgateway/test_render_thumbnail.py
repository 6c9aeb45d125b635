"""``render_thumbnail/<iid>/[<w>/[<h>/]]`` and ``render_birds_eye_view/<iid>/[<size>/]``."""

from __future__ import annotations

import numpy as np
import pytest
from django.test import Client
from tests.webgateway.helpers import expected_rgb, url

from pyomero.model.models import Image, RenderingDef
from pyomero.rendering import decode
from pyomero.testing.images import make_pixels_image


def thumb(client: Client, image: Image, *sizes: int, **query: str):
    return client.get(url("webgateway_render_thumbnail", image.pk, *sizes), query)


def test_it_renders_96_px_on_the_longest_side_by_default(owner: Client, image: Image) -> None:
    response = thumb(owner, image)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert decode(response.content).shape == (72, 96, 3)


def test_it_renders_any_size(owner: Client, image: Image) -> None:
    assert decode(thumb(owner, image, 32).content).shape == (24, 32, 3)
    assert decode(thumb(owner, image, 30, 50).content).shape == (50, 30, 3)


def test_it_shows_the_rendered_image_scaled(owner: Client, image: Image) -> None:
    pixels = decode(thumb(owner, image, 64).content).astype(int)
    assert np.abs(pixels - expected_rgb(image)).mean() < 4


def test_it_renders_the_plane_asked_for(owner: Client, owner_ctx) -> None:
    stack = make_pixels_image(owner_ctx, size_z=3, size_c=1)
    pixels = decode(thumb(owner, stack, 64, z="2").content).astype(int)
    assert np.abs(pixels - expected_rgb(stack, z=2)).mean() < 4


def test_it_changes_when_the_settings_change(owner: Client, image: Image) -> None:
    before = thumb(owner, image)
    saved = owner.post(
        url("webgateway_save_image_rdef_json", image.pk) + "?c=1|0:100$FF0000,-2|0:10$00FF00&m=c"
    )
    assert saved.status_code == 200
    after = thumb(owner, image)
    assert after["ETag"] != before["ETag"] and after.content != before.content
    again = owner.get(
        url("webgateway_render_thumbnail", image.pk), HTTP_IF_NONE_MATCH=after["ETag"]
    )
    assert again.status_code == 304


def test_it_renders_another_rendering_def(owner: Client, image: Image, client_for) -> None:
    client_for("member").post(
        url("webgateway_save_image_rdef_json", image.pk) + "?c=1|0:10$00FF00,-2|0:5$0000FF&m=c"
    )
    theirs = RenderingDef.objects.get(owner__ome_name="member")
    other = thumb(owner, image, rdefId=str(theirs.pk))
    assert other.status_code == 200 and other.content != thumb(owner, image).content


@pytest.mark.parametrize(
    ("sizes", "query"),
    [((0,), {}), ((5000,), {}), ((), {"z": "3"}), ((), {"t": "-1"}), ((), {"rdefId": "x"})],
)
def test_it_refuses_bad_parameters(owner: Client, image: Image, sizes, query) -> None:
    response = thumb(owner, image, *sizes, **query)
    assert response.status_code == 400 and response.content


def test_it_answers_404_for_a_rendering_def_of_another_image(
    owner: Client, image: Image, owner_ctx
) -> None:
    other = make_pixels_image(owner_ctx)
    rdef = RenderingDef.objects.get(pixels__image=other)
    assert thumb(owner, image, rdefId=str(rdef.pk)).status_code == 404


def test_it_renders_a_birds_eye_view(owner: Client, image: Image) -> None:
    response = owner.get(url("webgateway_render_birds_eye_view", image.pk, 40))
    assert decode(response.content).shape == (30, 40, 3)
    default = owner.get(url("webgateway_render_birds_eye_view", image.pk))
    assert decode(default.content).shape == (72, 96, 3)
