"""Persona x group level: what the webclient lets each person see and do with the
owner's image. The table is the spec; each row is checked through the HTTP views."""

from __future__ import annotations

import pytest
from django.test import Client

from pyomero.model.models import Permissions
from pyomero.testing.factories import make_tree
from pyomero.testing.personas import make_personas

HTMX = {"HTTP_HX_REQUEST": "true"}

# level, persona (switched to the group when a member or admin): the HTTP status of
# seeing the owner's image, tagging it and renaming it
TABLE = [
    (Permissions.PRIVATE, "owner", 200, 200, 200),
    (Permissions.PRIVATE, "member", 404, 404, 404),
    (Permissions.PRIVATE, "outsider", 404, 404, 404),
    (Permissions.READ_ONLY, "member", 200, 403, 403),
    (Permissions.READ_ONLY, "group_owner", 200, 200, 200),
    (Permissions.READ_ANNOTATE, "member", 200, 200, 403),
    (Permissions.READ_ANNOTATE, "outsider", 404, 404, 404),
    (Permissions.READ_WRITE, "member", 200, 200, 200),
    (Permissions.READ_WRITE, "admin", 200, 200, 200),
]


@pytest.mark.parametrize(("level", "persona", "view", "tag", "rename"), TABLE)
def test_it_applies_the_group_permissions(
    db: None, level: Permissions, persona: str, view: int, tag: int, rename: int
) -> None:
    personas = make_personas(level)
    _, _, (image, _) = make_tree(personas.ctx("owner", personas.group))
    client = Client()
    client.force_login(personas.user(persona))
    client.get(f"/webclient/active_group/?active_group={personas.group.pk}")  # as in the UI
    panel = client.get(f"/webclient/metadata_details/image/{image.pk}/")
    tagged = client.post(f"/webclient/annotate_tags/image/{image.pk}/", {"tag": "t"}, **HTMX)
    renamed = client.post(f"/webclient/action/save/image/{image.pk}/", {"name": "n"}, **HTMX)
    assert (panel.status_code, tagged.status_code, renamed.status_code) == (view, tag, rename)


@pytest.mark.parametrize(
    ("level", "persona", "listed"),
    [
        (Permissions.PRIVATE, "member", False),
        (Permissions.PRIVATE, "outsider", False),
        (Permissions.READ_ONLY, "member", True),
        (Permissions.READ_ANNOTATE, "outsider", False),
    ],
)
def test_it_lists_others_data_only_where_the_group_shares_it(
    db: None, level: Permissions, persona: str, listed: bool
) -> None:
    personas = make_personas(level)
    project, dataset, images = make_tree(personas.ctx("owner", personas.group))
    client = Client()
    client.force_login(personas.user(persona))
    containers = client.get("/webclient/api/containers/?experimenter_id=-1").json()
    shown = client.get(f"/webclient/api/images/?id={dataset.pk}").json()["images"]
    assert (project.pk in [p["id"] for p in containers["projects"]]) is listed
    assert (len(shown) == len(images)) is listed


def test_it_hides_the_edit_and_annotate_forms_from_a_read_only_member(db: None) -> None:
    personas = make_personas(Permissions.READ_ONLY)
    _, _, (image, _) = make_tree(personas.ctx("owner", personas.group))
    client = Client()
    client.force_login(personas.member)
    html = client.get(f"/webclient/metadata_details/image/{image.pk}/").content.decode()
    assert "annotate_tags" not in html
    assert "action/save" not in html


def test_it_offers_tagging_but_not_renaming_to_a_read_annotate_member(db: None) -> None:
    personas = make_personas(Permissions.READ_ANNOTATE)
    _, _, (image, _) = make_tree(personas.ctx("owner", personas.group))
    client = Client()
    client.force_login(personas.member)
    html = client.get(f"/webclient/metadata_details/image/{image.pk}/").content.decode()
    assert "annotate_tags" in html
    assert "action/save" not in html
