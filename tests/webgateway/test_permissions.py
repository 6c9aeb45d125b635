"""Who sees what: every persona against the rendering URLs, per group permission level.

An image the user may not read is answered 404, exactly as a missing one.
"""

from __future__ import annotations

import pytest
from django.test import Client
from tests.webgateway.helpers import url

from pyomero.model.models import Permissions
from pyomero.testing.images import make_pixels_image
from pyomero.testing.personas import make_personas

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
URLS = [
    ("webgateway_render_image", ()),
    ("webgateway_render_image_region", (0, 0)),
    ("webgateway_render_thumbnail", ()),
    ("webgateway_imageData_json", ()),
    ("histogram_json_c0", ()),
]


@pytest.mark.parametrize(("level", "persona", "status"), TABLE)
def test_each_persona_sees_what_the_group_allows(db, level, persona: str, status: int) -> None:
    people = make_personas(level, prefix="p-")
    image = make_pixels_image(people.ctx("owner", people.group))
    client = Client()
    client.force_login(people.user(persona))
    for name, extra in URLS:
        if name == "histogram_json_c0":
            target = url("histogram_json", image.pk, 0)
        else:
            target = url(name, image.pk, *extra)
        response = client.get(target, {"tile": "0,0,0"})
        assert response.status_code == status, (name, response.content)


def test_missing_and_invisible_images_look_the_same(client_for, image) -> None:
    outsider = client_for("outsider")
    hidden = outsider.get(url("webgateway_render_image", image.pk))
    missing = outsider.get(url("webgateway_render_image", image.pk + 1000))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content.replace(str(image.pk).encode(), b"") == missing.content.replace(
        str(image.pk + 1000).encode(), b""
    )
