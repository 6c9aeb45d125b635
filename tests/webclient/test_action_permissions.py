"""Persona x group level for the panel's newer actions: attaching a file, moving the
owner's image to another group, and linking it into one's own dataset."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from pyomero.model.actions import do_create_dataset
from pyomero.model.models import Permissions
from pyomero.testing.factories import make_tree
from pyomero.testing.personas import make_personas

HTMX = {"HTTP_HX_REQUEST": "true"}

# level, persona: the status of attaching a file to the owner's image, of moving it to
# the persona's other group (chgrp), and of linking it into the persona's own dataset
TABLE = [
    (Permissions.PRIVATE, "member", 404, 404, 404),
    (Permissions.READ_ONLY, "member", 403, 403, 403),
    (Permissions.READ_ANNOTATE, "member", 200, 403, 403),
    (Permissions.READ_WRITE, "member", 200, 403, 200),
    (Permissions.READ_ONLY, "group_owner", 200, 403, 200),
    (Permissions.READ_ANNOTATE, "outsider", 404, 404, 404),
]


@pytest.mark.parametrize(("level", "persona", "attach", "move", "link"), TABLE)
def test_it_applies_the_group_permissions_to_actions(
    db: None, level: Permissions, persona: str, attach: int, move: int, link: int
) -> None:
    people = make_personas(level)
    _, _, (image, _) = make_tree(people.ctx("owner", people.group))
    client = Client()
    client.force_login(people.user(persona))
    client.get(f"/webclient/active_group/?active_group={people.group.pk}")
    upload = SimpleUploadedFile("a.txt", b"a")
    attached = client.post(
        f"/webclient/annotate_file/image/{image.pk}/", {"annotation_file": upload}, **HTMX
    )
    moved = client.post("/webclient/chgrp/", {"image": image.pk, "group_id": people.other_group.pk})
    own = people.group if persona != "outsider" else people.outside_group
    mine = do_create_dataset(people.ctx(persona, own), "mine")
    body = json.dumps({"dataset": {str(mine.pk): {"image": [image.pk]}}})
    linked = client.post("/webclient/api/links/", body, "application/json")
    statuses = (attached.status_code, moved.status_code, linked.status_code)
    assert statuses == (attach, move, link)
