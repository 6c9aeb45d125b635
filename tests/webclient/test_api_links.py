"""``api/links/`` and ``api/parent_links/``: the tree's drag and drop, cut and paste."""

from __future__ import annotations

import json

from tests.webclient.helpers import SignedIn, Tree

from pyomero.model.actions import do_create_dataset
from pyomero.model.models import DatasetImageLink
from pyomero.testing.personas import Personas

JSON = "application/json"


def test_it_moves_an_image_by_unlinking_and_linking(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    other = do_create_dataset(personas.ctx("owner", personas.group), "other")
    client, image = signed_in("owner"), tree.images[0].pk
    old = {"dataset": {str(tree.dataset.pk): {"image": [image]}}}
    new = {"dataset": {str(other.pk): {"image": [image]}}}
    assert client.post("/webclient/api/links/", json.dumps(new), JSON).json()["success"]
    removed = client.delete("/webclient/api/links/", json.dumps(old), JSON)
    assert removed.status_code == 200
    parents = client.get(f"/webclient/api/parent_links/?image={image}").json()["data"]
    assert [p["parent"] for p in parents] == [{"type": "dataset", "id": other.pk}]


def test_it_refuses_links_the_user_may_not_make(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    mine = do_create_dataset(personas.ctx("member", personas.group), "member's")
    client = signed_in("member")
    body = {"dataset": {str(mine.pk): {"image": [tree.images[0].pk]}}}
    assert client.post("/webclient/api/links/", json.dumps(body), JSON).status_code == 403
    old = {"dataset": {str(tree.dataset.pk): {"image": [tree.images[0].pk]}}}
    assert client.delete("/webclient/api/links/", json.dumps(old), JSON).status_code == 403
    assert DatasetImageLink.objects.count() == 2


def test_it_refuses_a_bad_body(tree: Tree, signed_in: SignedIn) -> None:
    client = signed_in("owner")
    bad = [
        "not json",
        json.dumps({"image": {"1": {"dataset": [1]}}}),
        json.dumps({"dataset": {"x": {"image": [1]}}}),
        json.dumps({"dataset": {"1": {"image": ["1"]}}}),
    ]
    for body in bad:
        assert client.post("/webclient/api/links/", body, JSON).status_code == 400
    assert client.get("/webclient/api/links/").status_code == 405


def test_it_keeps_the_session_alive(signed_in: SignedIn, personas: Personas) -> None:
    response = signed_in("owner").get("/webclient/keepalive_ping/")
    assert response.content == b"OK"
