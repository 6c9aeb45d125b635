from __future__ import annotations

from django.test import Client
from tests.webclient.helpers import SignedIn, Tree

from pyomero.model.actions import do_create_dataset
from pyomero.testing.factories import make_image
from pyomero.testing.personas import Personas


def test_it_lists_projects_orphaned_datasets_and_orphaned_images(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    ctx = personas.ctx("owner", personas.group)
    loose = do_create_dataset(ctx, "loose")
    make_image(ctx, "alone.tif")
    data = signed_in("owner").get("/webclient/api/containers/").json()
    assert data["projects"] == [
        {
            "id": tree.project.pk,
            "name": "tree project",
            "ownerId": personas.owner.pk,
            "childCount": 1,
            "permsCss": "canEdit canAnnotate canLink canDelete canChgrp isOwned",
        }
    ]
    assert [d["id"] for d in data["datasets"]] == [loose.pk]
    assert data["orphaned"] == {"id": -1, "childCount": 1}
    assert data["screens"] == data["plates"] == []


def test_it_filters_by_experimenter(personas: Personas, tree: Tree, signed_in: SignedIn) -> None:
    client = signed_in("member")
    mine = client.get(f"/webclient/api/containers/?experimenter_id={personas.member.pk}")
    everyone = client.get("/webclient/api/containers/?experimenter_id=-1")
    assert mine.json()["projects"] == []
    assert [p["id"] for p in everyone.json()["projects"]] == [tree.project.pk]


def test_it_pages_by_page_and_limit(personas: Personas, signed_in: SignedIn) -> None:
    ctx = personas.ctx("owner", personas.group)
    for name in "abc":
        do_create_dataset(ctx, name)
    client = signed_in("owner")
    first = client.get("/webclient/api/containers/?limit=2").json()["datasets"]
    second = client.get("/webclient/api/containers/?limit=2&page=2").json()["datasets"]
    assert [d["name"] for d in first] == ["a", "b"]
    assert [d["name"] for d in second] == ["c"]


def test_it_refuses_a_parameter_that_is_not_a_number(
    personas: Personas, signed_in: SignedIn
) -> None:
    response = signed_in("owner").get("/webclient/api/containers/?page=two")
    assert response.status_code == 400
    assert response.json() == {"message": "page='two' is not a number", "code": "invalid"}


def test_it_requires_a_signed_in_user(db: None) -> None:
    assert Client().get("/webclient/api/containers/").status_code == 302
