"""Who sees what: every persona against the rendering URLs, per group permission level.

An image the user may not read is answered 404, exactly as a missing one.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings
from tests.webgateway.helpers import url

from pyomero.model.actions import do_delete, do_remove_group_members
from pyomero.model.context import EventContext
from pyomero.model.models import Image, Permissions
from pyomero.testing.images import make_pixels_image
from pyomero.testing.personas import PASSWORD, Personas, make_personas

# (group level, persona) -> expected status of a rendered image
TABLE = [
    (Permissions.PRIVATE, "owner", 200),
    (Permissions.PRIVATE, "member", 404),
    (Permissions.PRIVATE, "group_owner", 200),
    (Permissions.PRIVATE, "admin", 200),
    (Permissions.PRIVATE, "outsider", 404),
    (Permissions.READ_ONLY, "member", 200),
    (Permissions.READ_ANNOTATE, "member", 200),
    (Permissions.READ_ANNOTATE, "restricted_admin", 200),
    (Permissions.READ_ANNOTATE, "outsider", 404),
    (Permissions.READ_WRITE, "member", 200),
    (Permissions.READ_WRITE, "outsider", 404),
]
#: Every URL that reads one image, as (name, arguments before and after the image id).
URLS = [
    ("webgateway_render_image", (), ()),
    ("webgateway_render_image_region", (), (0, 0)),
    ("webgateway_render_split_channel", (), (0, 0)),
    ("webgateway_render_row_plot", (), (0, 0, 1)),
    ("webgateway_render_col_plot", (), (0, 0, 1)),
    ("webgateway_render_thumbnail", (), ()),
    ("webgateway_render_birds_eye_view", (), ()),
    ("webgateway_get_thumbnail_json", (), ()),
    ("webgateway_imageData_json", (), ()),
    ("histogram_json", (), (0,)),
    ("webgateway_list_compatible_imgs_json", (), ()),
    ("webgateway_get_image_rdefs_json", (), ()),
    ("webgateway_get_rois_json", (), ()),
    ("original_file_paths", (), ()),
    ("download_as", (), ()),
    ("webgateway_render_ome_tiff", ("i",), ()),
]


def get(client: Client, name: str, image: Image, before=(), after=()):  # type: ignore[no-untyped-def]
    response = client.get(url(name, *before, image.pk, *after), {"tile": "0,0,0"})
    if response.streaming:  # a download streams from a temporary file until read
        b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize(("level", "persona", "status"), TABLE)
def test_each_persona_sees_what_the_group_allows(db, level, persona: str, status: int) -> None:
    people = make_personas(level, prefix="p-")
    image = make_pixels_image(people.ctx("owner", people.group))
    client = Client()
    client.force_login(people.user(persona))
    for name, before, after in URLS:
        response = get(client, name, image, before, after)
        assert response.status_code == status, (name, response.content)


def test_it_hides_cached_tiles_once_the_membership_is_revoked(
    client_for, image: Image, personas: Personas
) -> None:
    member = client_for("member")
    assert get(member, "webgateway_render_image_region", image, (), (0, 0)).status_code == 200
    admin = personas.ctx("admin")
    do_remove_group_members(admin, personas.group, [personas.user("member")])
    for name, before, after in URLS:
        assert get(member, name, image, before, after).status_code == 404, name


def test_it_answers_404_for_a_deleted_image_even_when_cached(
    owner: Client, image: Image, owner_ctx: EventContext
) -> None:
    assert get(owner, "webgateway_render_image_region", image, (), (0, 0)).status_code == 200
    assert get(owner, "webgateway_render_thumbnail", image).status_code == 200
    do_delete(owner_ctx, image)
    for name, before, after in URLS:
        assert get(owner, name, image, before, after).status_code == 404, name


def test_missing_and_invisible_images_look_the_same(client_for, image) -> None:
    outsider = client_for("outsider")
    hidden = outsider.get(url("webgateway_render_image", image.pk))
    missing = outsider.get(url("webgateway_render_image", image.pk + 1000))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content.replace(str(image.pk).encode(), b"") == missing.content.replace(
        str(image.pk + 1000).encode(), b""
    )


def test_it_serves_anonymous_visitors_as_the_public_user_when_configured(
    image: Image, personas: Personas
) -> None:
    public = {
        "PUBLIC_ENABLED": True,
        "PUBLIC_USER": personas.user("member").ome_name,
        "PUBLIC_PASSWORD": PASSWORD,
        "PUBLIC_URL_FILTER": re.compile(r"^/webgateway/"),
        "PUBLIC_GET_ONLY": True,
    }
    hidden = make_pixels_image(personas.ctx("outsider", personas.outside_group))
    with override_settings(**public):
        visitor = Client()
        tile = get(visitor, "webgateway_render_image_region", image, (), (0, 0))
        assert tile.status_code == 200 and tile["Content-Type"] == "image/jpeg"
        assert get(visitor, "webgateway_imageData_json", image).json()["id"] == image.pk
        assert get(visitor, "webgateway_render_image", hidden).status_code == 404
        saved = visitor.post(url("webgateway_save_image_rdef_json", image.pk), {"m": "g"})
        assert saved.status_code == 403
