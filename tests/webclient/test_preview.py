"""The Preview section of an image's panel: a rendering with the current settings,
labelled channel controls, and Save/Paste only for who may save settings."""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs

import pytest
from django.test import Client
from PIL import Image as PILImage
from tests.webclient.helpers import SignedIn, Tree

from pyomero.conf import Config
from pyomero.model.models import Image, Permissions
from pyomero.testing.images import make_pixels_image, pixels_of
from pyomero.testing.personas import Personas, make_personas


def _panel(client: Client, image_id: int) -> str:
    return client.get(f"/webclient/metadata_details/image/{image_id}/").content.decode()


@pytest.fixture
def image(personas: Personas) -> Image:
    """The owner's 64 x 48 uint16 image with real pixels, channels DAPI and GFP."""
    return make_pixels_image(
        personas.ctx("owner", personas.group), channels=[{"red": 0, "green": 0, "blue": 255}]
    )


def test_it_shows_a_preview_rendered_with_the_current_settings(
    image: Image, signed_in: SignedIn
) -> None:
    html = _panel(signed_in("owner"), image.pk)
    assert '<h3 id="preview-title">Preview</h3>' in html
    src = re.search(r'<img class="preview-image" src="([^"]+)"', html)
    assert src is not None
    low, high = (
        f"{value:g}" for value in pixels_of(image).channels.values_list("stats_min", "stats_max")[0]
    )
    url = src.group(1).replace("&amp;", "&")
    path, query = url.split("?")
    assert path == f"/webgateway/render_image/{image.pk}/0/0/"
    assert parse_qs(query)["c"][0].startswith(f"1|{low}:{high}$0000FF,2|")
    assert f'data-save-url="/webgateway/saveImgRDef/{image.pk}/"' in html
    assert 'data-copy-url="/webgateway/copyImgRDef/"' in html
    assert f'data-rdefs-url="/webgateway/get_image_rdefs_json/{image.pk}/"' in html
    rendered = signed_in("owner").get(url)
    assert rendered.status_code == 200
    assert rendered["Content-Type"] == "image/jpeg"


def test_it_labels_every_preview_control(image: Image, signed_in: SignedIn) -> None:
    html = _panel(signed_in("owner"), image.pk)
    for index, name in ((0, "DAPI"), (1, "GFP")):
        assert re.search(rf'<label for="preview-on-{index}">.*{name}</label>', html)
        assert f'id="preview-on-{index}" checked' in html
        hidden = 'class="visually-hidden"'
        assert f'<label for="preview-start-{index}" {hidden}>{name} window start</label>' in html
        assert f'<label for="preview-end-{index}" {hidden}>{name} window end</label>' in html
        assert f'id="preview-start-{index}" class="window"' in html
    assert '<button type="button" data-preview-save>Save</button>' in html
    assert "data-preview-paste" in html


def test_it_hides_save_and_paste_from_a_read_only_member(db: None) -> None:
    people = make_personas(Permissions.READ_ONLY)
    image = make_pixels_image(people.ctx("owner", people.group))
    client = Client()
    client.force_login(people.user("member"))
    client.get(f"/webclient/active_group/?active_group={people.group.pk}")
    html = _panel(client, image.pk)
    assert '<h3 id="preview-title">Preview</h3>' in html
    assert "data-preview-copy" in html
    assert "data-preview-save" not in html
    assert "data-preview-paste" not in html


def test_it_previews_the_saved_settings(image: Image, signed_in: SignedIn) -> None:
    client = signed_in("owner")
    saved = client.post(
        f"/webgateway/saveImgRDef/{image.pk}/", {"c": "1|10:200$FF0000,-2|0:255$00FF00"}
    )
    assert saved.status_code == 200
    html = _panel(client, image.pk)
    assert "?c=1%7C10%3A200%24FF0000%2C-2%7C0%3A255%2400FF00" in html
    assert 'id="preview-on-1" checked' not in html
    assert 'value="10" title="Window start"' in html


def test_it_has_no_preview_for_an_image_without_pixel_data(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    html = _panel(signed_in("owner"), tree.images[0].pk)
    assert "preview-title" not in html


def test_it_has_no_preview_for_a_dataset(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    html = signed_in("owner").get(f"/webclient/metadata_details/dataset/{tree.dataset.pk}/")
    assert "preview-title" not in html.content.decode()


def test_it_lets_another_member_apply_and_paste_the_owners_settings(
    image: Image, personas: Personas, signed_in: SignedIn
) -> None:
    owner, member = signed_in("owner"), signed_in("member")
    owner.post(f"/webgateway/saveImgRDef/{image.pk}/", {"c": "1|10:200$FF0000,-2|0:255$00FF00"})
    html = _panel(member, image.pk)
    rdefs_url = re.search(r'data-rdefs-url="([^"]+)"', html)
    assert rdefs_url is not None
    listed = member.get(rdefs_url.group(1)).json()["rdefs"]
    assert [rdef["owner"]["firstName"] for rdef in listed] == ["Owner"]
    assert [channel["active"] for channel in listed[0]["c"]] == [True, False]
    other = make_pixels_image(personas.ctx("owner", personas.group), "other.tif")
    copied = member.get(
        "/webgateway/copyImgRDef/", {"c": "-1|0:100$0000FF,2|5:50$00FF00", "imageId": other.pk}
    )
    assert copied.status_code == 200
    pasted = member.post("/webgateway/copyImgRDef/", {"to_type": "image", "toids": image.pk})
    assert pasted.json() == {"true": [image.pk], "false": []}
    assert "?c=-1%7C0%3A100%240000FF%2C2%7C5%3A50%2400FF00" in _panel(member, image.pk)
    assert "?c=1%7C10%3A200%24FF0000%2C-2" in _panel(owner, image.pk)


def test_it_bounds_the_windows_by_the_pixel_type_without_rounding(
    personas: Personas, signed_in: SignedIn
) -> None:
    ctx = personas.ctx("owner", personas.group)
    wide = make_pixels_image(ctx, "wide.tif", size_c=1, pixel_type="uint32")
    html = _panel(signed_in("owner"), wide.pk)
    assert 'id="preview-end-0" class="window" step="any" min="0" max="4294967295"' in html
    floats = make_pixels_image(ctx, "floats.tif", size_c=1, pixel_type="float")
    html = _panel(signed_in("owner"), floats.pk)
    assert 'id="preview-end-0" class="window" step="any" value=' in html


def test_it_previews_a_large_image_from_a_small_pyramid_level(
    personas: Personas, signed_in: SignedIn, settings
) -> None:
    # a tiled image (imgData's tiles: true): planes above 1,000 x 1,000 are tiled here
    config = settings.OMERO_CONFIG
    values = {"omero.pixeldata.max_plane_width": "1000", "omero.pixeldata.max_plane_height": "1000"}
    settings.OMERO_CONFIG = Config({**config.stored, **values}, config.omerodir)
    large = make_pixels_image(
        personas.ctx("owner", personas.group), "large.tif", size_x=2100, size_y=1500, size_c=1
    )
    html = _panel(signed_in("owner"), large.pk)
    src = re.search(r'<img class="preview-image" src="([^"]+)"', html)
    assert src is not None
    url = src.group(1).replace("&amp;", "&")
    path, query = url.split("?")
    assert path == f"/webgateway/render_image_region/{large.pk}/0/0/"
    assert parse_qs(query)["tile"] == ["2,0,0,525,375"]
    assert 'data-tile="2,0,0,525,375"' in html
    rendered = signed_in("owner").get(url)
    assert rendered.status_code == 200
    with PILImage.open(io.BytesIO(rendered.content)) as picture:
        assert picture.size == (525, 375)
