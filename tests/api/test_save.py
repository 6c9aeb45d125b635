"""``m/save/``: POST creates (201) a Project, Dataset or Screen; PUT replaces one."""

from __future__ import annotations

from typing import Any

from django.test import Client

from pyomero.model.models import Dataset, Project

from .conftest import M, SignIn, World
from .contract import mismatches, shape_of

SAVE = f"{M}save/"
SCHEMA = "http://www.openmicroscopy.org/Schemas/OME/2016-06"


def post(client: Client, body: dict[str, Any], query: str = "") -> Any:
    return client.post(f"{SAVE}{query}", body, content_type="application/json")


def put(client: Client, body: dict[str, Any]) -> Any:
    return client.put(SAVE, body, content_type="application/json")


def test_it_creates_a_project_in_the_group_of_the_query(world: World, sign_in: SignIn) -> None:
    group = world.people.group
    body = {"@type": f"{SCHEMA}#Project", "Name": "new", "Description": "made over JSON"}
    response = post(sign_in("member"), body, f"?group={group.pk}")
    assert response.status_code == 201
    assert mismatches(response.json(), shape_of("api_save")) == []
    created = response.json()["data"]
    assert created["Name"] == "new" and created["Description"] == "made over JSON"
    assert created["omero:details"]["group"]["@id"] == group.pk
    assert created["omero:details"]["owner"]["UserName"] == "member"
    assert Project.objects.get(pk=created["@id"]).group_id == group.pk


def test_it_takes_the_group_from_the_details(world: World, sign_in: SignIn) -> None:
    group = world.people.other_group
    body = {
        "@type": f"{SCHEMA}#Dataset",
        "Name": "d",
        "omero:details": {"group": {"@id": group.pk}},
    }
    response = post(sign_in("owner"), body)
    assert response.status_code == 201
    assert Dataset.objects.get(pk=response.json()["data"]["@id"]).group_id == group.pk


def test_it_needs_a_group(world: World, sign_in: SignIn) -> None:
    response = post(sign_in("owner"), {"@type": f"{SCHEMA}#Screen", "Name": "s"})
    assert response.status_code == 400
    assert "group" in response.json()["message"]


def test_it_refuses_a_group_one_is_not_in(world: World, sign_in: SignIn) -> None:
    query = f"?group={world.people.outside_group.pk}"
    response = post(sign_in("owner"), {"@type": f"{SCHEMA}#Project", "Name": "p"}, query)
    assert response.status_code == 404


def test_it_creates_only_containers(world: World, sign_in: SignIn) -> None:
    response = post(sign_in("owner"), {"@type": f"{SCHEMA}#Image", "Name": "i"}, "?group=1")
    assert response.status_code == 405
    assert response.json() == {"message": "Creation of Image not supported"}


def test_it_explains_bad_bodies(world: World, sign_in: SignIn) -> None:
    client, group = sign_in("owner"), f"?group={world.people.group.pk}"
    assert post(client, {"Name": "p"}, group).json()["message"] == "Need to specify @type attribute"
    with_id = {"@type": f"{SCHEMA}#Project", "@id": 1, "Name": "p"}
    assert "Use PUT" in post(client, with_id, group).json()["message"]
    old = post(
        client, {"@type": "http://www.openmicroscopy.org/Schemas/OME/2015-01#Project"}, group
    )
    assert old.status_code == 400
    nameless = post(client, {"@type": f"{SCHEMA}#Project"}, group)
    assert nameless.status_code == 400
    garbage = client.post(SAVE, b"{not json", content_type="application/json")
    assert garbage.status_code == 400


def test_it_replaces_a_project(world: World, sign_in: SignIn) -> None:
    body = {"@type": f"{SCHEMA}#Project", "@id": world.project.pk, "Name": "renamed"}
    response = put(sign_in("owner"), body)
    assert response.status_code == 200
    assert response.json()["data"]["Name"] == "renamed"
    world.project.refresh_from_db()
    assert world.project.name == "renamed"


def test_it_round_trips_what_it_served(world: World, sign_in: SignIn) -> None:
    client = sign_in("owner")
    served = client.get(f"{M}datasets/{world.dataset.pk}/").json()["data"]
    served["Description"] = "edited"
    assert put(client, served).json()["data"]["Description"] == "edited"


def test_it_refuses_to_replace_what_one_may_not_edit(world: World, sign_in: SignIn) -> None:
    body = {"@type": f"{SCHEMA}#Project", "@id": world.project.pk, "Name": "mine now"}
    assert put(sign_in("member"), body).status_code == 403
    assert put(sign_in("outsider"), body).status_code == 404
    assert "Use POST" in put(sign_in("owner"), {"@type": f"{SCHEMA}#Project"}).json()["message"]


def test_it_requires_the_csrf_token(world: World, sign_in_strict: SignIn) -> None:
    body = {"@type": f"{SCHEMA}#Project", "Name": "p"}
    response = post(sign_in_strict("owner"), body, f"?group={world.people.group.pk}")
    assert response.status_code == 403
    assert not Project.objects.filter(name="p").exists()
