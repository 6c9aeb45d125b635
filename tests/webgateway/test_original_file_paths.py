"""``original_file_paths/<iid>/``: ``{"repo": [...], "client": [...]}`` as OMERO.web."""

from __future__ import annotations

import pytest
from django.test import Client
from tests.webgateway.helpers import url
from tests.webgateway.originals import FOLDER, make_archived_image

from pyomero.model.context import EventContext
from pyomero.testing.factories import make_image

FILES = {"plate.xdce": b"<xml/>", "plate_A01.tif": b"II*\x00"}


def paths(client: Client, image_id: int):
    return client.get(url("original_file_paths", image_id))


def test_it_lists_repository_and_client_paths(owner: Client, owner_ctx: EventContext) -> None:
    image = make_archived_image(owner_ctx, FILES)
    response = paths(owner, image.pk)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response.json() == {
        "repo": [FOLDER + "plate.xdce", FOLDER + "plate_A01.tif"],
        "client": ["C:/Users/jane/plate.xdce", "C:/Users/jane/plate_A01.tif"],
    }


def test_it_lists_nothing_for_an_image_without_fileset(
    owner: Client, owner_ctx: EventContext
) -> None:
    assert paths(owner, make_image(owner_ctx).pk).json() == {"repo": [], "client": []}


@pytest.mark.parametrize(("persona", "status"), [("member", 200), ("outsider", 404)])
def test_it_answers_who_sees_the_image(
    client_for, owner_ctx: EventContext, persona: str, status: int
) -> None:
    image = make_archived_image(owner_ctx, FILES)
    response = paths(client_for(persona), image.pk)
    assert response.status_code == status
    if status == 404:
        assert response.json()["code"] == "not_found"


def test_it_sends_anonymous_visitors_to_the_login_page(owner_ctx: EventContext) -> None:
    response = paths(Client(), make_archived_image(owner_ctx, FILES).pk)
    assert response.status_code == 302 and "/login/" in response["Location"]
