"""OMERO.web's rendering contracts that differed: ``tile=`` levels of an image that
is not tiled, and the ``c=`` colour with OMERO's trailing ``r``."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from PIL import Image as PILImage
from tests.contracts.omeroweb import get, get_json, post
from tests.webgateway.originals import configure

from pyomero.model.context import EventContext
from pyomero.testing.images import make_pixels_image


def region_url(image_id: int) -> str:
    return reverse("webgateway:webgateway_render_image_region", args=[str(image_id), "0", "0"])


def size_of(content: bytes) -> tuple[int, int]:
    with PILImage.open(io.BytesIO(content)) as picture:
        return picture.size


@pytest.fixture
def small(owner_ctx: EventContext):
    """512 x 512 (imgData: ``tiles: false``), though stored with lower levels."""
    return make_pixels_image(
        owner_ctx, size_x=512, size_y=512, size_c=1, chunk=128, smallest_side=64
    )


def test_render_image_region_tile_params_invalid_resolution(web, small) -> None:
    """test_rendering.py::TestRenderImageRegion::test_render_image_region_tile_params_invalid_resolution:
    ``tile=1,...`` of an image that is not tiled is a 400."""
    client = web("owner")
    data = get_json(client, reverse("webgateway:webgateway_imageData_json", args=[small.pk]))
    assert data["tiles"] is False
    rsp = get(client, region_url(small.pk), {"tile": "1,0,0,200,200"}, status_code=400)
    assert b"tile" in rsp.content


def test_render_image_region_tile_params_negative_resolution(web, small) -> None:
    """test_rendering.py::TestRenderImageRegion::test_render_image_region_tile_params_negative_resolution."""
    get(web("owner"), region_url(small.pk), {"tile": "-1,0,0,200,200"}, status_code=400)


def test_render_image_region_tile_params(web, small) -> None:
    """test_rendering.py::TestRenderImageRegion::test_render_image_region_tile_params:
    level 0 of a non-tiled image is served; a given tile size is respected, 0 is the
    default size and one over ``omero.pixeldata.max_tile_length`` is cut to it (here
    to the 512 px image)."""
    client = web("owner")
    assert size_of(get(client, region_url(small.pk), {"tile": "0,0,0,10,10"}).content) == (10, 10)
    default = size_of(get(client, region_url(small.pk), {"tile": "0,0,0"}).content)
    found = size_of(get(client, region_url(small.pk), {"tile": "0,0,0,0,10000"}).content)
    assert found == (default[0], 512)


def test_render_image_region_tile_params_big_image(web, owner_ctx, settings) -> None:
    """test_rendering.py::TestRenderImageRegion::test_render_image_region_tile_params_big_image:
    a tiled image serves 512 x 512 tiles at level 0 and level 1, which differ."""
    configure(
        settings,
        **{"omero.pixeldata.max_plane_width": "1000", "omero.pixeldata.max_plane_height": "1000"},
    )
    big = make_pixels_image(owner_ctx, size_x=2048, size_y=1536, size_c=1, chunk=512)
    client = web("owner")
    assert get_json(client, reverse("webgateway:webgateway_imageData_json", args=[big.pk]))["tiles"]
    full = get(client, region_url(big.pk), {"tile": "0,0,0,512,512"}).content
    lower = get(client, region_url(big.pk), {"tile": "1,0,0,512,512"}).content
    assert size_of(full) == size_of(lower) == (512, 512) and full != lower


C_WITH_MARKS = "1|20:300r$00FF00,2|50:100-r$FF0000"


def test_copy_past_rendering_settings_from_url(web, owner_ctx: EventContext) -> None:
    """test_rendering.py::TestRendering::test_copy_past_rendering_settings_from_url:
    ``c=1|20:300r$00FF00,2|50:100-r$FF0000`` (OMERO.web's marks after the windows) is
    copied by GET and pasted by POST to another image: its windows and colours."""
    first = make_pixels_image(owner_ctx, "one.tif")
    second = make_pixels_image(owner_ctx, "two.tif")
    client = web("owner")
    url = reverse("webgateway:webgateway_copy_image_rdef_json")
    data = {"imageId": first.pk, "c": C_WITH_MARKS, "ia": 0, "m": "c", "p": "normal"}
    get(client, url, data)
    post(client, url, {"toids": second.pk})
    found = get_json(client, reverse("webgateway:webgateway_imageData_json", args=[second.pk]))
    windows = [(c["window"]["start"], c["window"]["end"]) for c in found["channels"]]
    assert windows == [(20, 300), (50, 100)]
    assert [c["color"] for c in found["channels"]] == ["00FF00", "FF0000"]
    assert [c["active"] for c in found["channels"]] == [True, True]


def test_it_ignores_the_inversion_mark_after_a_window(web, owner_ctx: EventContext) -> None:
    """test_rendering.py::TestRendering::test_copy_past_rendering_settings_from_url (the
    ``c=`` OMERO.web writes): rendering with the marks is rendering without them."""
    image = make_pixels_image(owner_ctx)
    client = web("owner")
    url = reverse("webgateway:webgateway_render_image", args=[str(image.pk)])
    marked = get(client, url, {"c": C_WITH_MARKS, "format": "png"}).content
    plain = get(client, url, {"c": "1|20:300$00FF00,2|50:100$FF0000", "format": "png"}).content
    assert marked == plain
