"""``m/projects/``: OMERO's keys, links, child counts, filters, one project, delete."""

from __future__ import annotations

from pyomero.model.models import Project

from .conftest import M, SignIn, World, data, names

PROJECT_TYPE = "http://www.openmicroscopy.org/Schemas/OME/2016-06#Project"


def test_it_lists_projects_with_omeros_keys(world: World, sign_in: SignIn) -> None:
    (project,) = data(sign_in("member").get(f"{M}projects/"))
    assert project["@id"] == world.project.pk
    assert project["@type"] == PROJECT_TYPE
    assert project["Name"] == "alpha project"
    assert "Description" not in project  # null fields are left out
    details = project["omero:details"]
    assert details["@type"] == "TBD#Details"
    assert details["owner"]["UserName"] == "owner"
    assert details["group"]["Name"] == world.people.group.name
    assert details["permissions"]["perm"] == "rwra--"
    assert details["permissions"]["canAnnotate"] is True
    assert details["permissions"]["canEdit"] is False
    base = f"http://testserver{M}projects/{world.project.pk}/"
    assert project["url:project"] == base
    assert project["url:datasets"] == f"{base}datasets/"


def test_it_gets_one_project_with_its_datasets_link(world: World, sign_in: SignIn) -> None:
    project = data(sign_in("owner").get(f"{M}projects/{world.project.pk}/"))
    assert project["Name"] == "alpha project"
    assert project["url:datasets"].endswith(f"/projects/{world.project.pk}/datasets/")
    assert "url:project" not in project
    assert project["omero:details"]["permissions"]["canEdit"] is True


def test_it_counts_children_when_asked(world: World, sign_in: SignIn) -> None:
    client = sign_in("owner")
    (listed,) = data(client.get(f"{M}projects/?childCount=true"))
    assert listed["omero:childCount"] == 1
    one = data(client.get(f"{M}projects/{world.project.pk}/?childCount=true"))
    assert one["omero:childCount"] == 1
    assert "omero:childCount" not in data(client.get(f"{M}projects/"))[0]


def test_it_finds_the_projects_of_a_dataset(world: World, sign_in: SignIn) -> None:
    client = sign_in("owner")
    assert names(client.get(f"{M}datasets/{world.dataset.pk}/projects/")) == ["alpha project"]
    assert names(client.get(f"{M}projects/?dataset={world.dataset.pk}")) == ["alpha project"]
    assert names(client.get(f"{M}projects/?dataset={world.orphan_dataset.pk}")) == []


def test_it_deletes_a_project_and_answers_with_it(world: World, sign_in: SignIn) -> None:
    response = sign_in("owner").delete(f"{M}projects/{world.project.pk}/")
    assert response.status_code == 200
    assert response.json()["data"]["Name"] == "alpha project"
    assert not Project.objects.filter(pk=world.project.pk).exists()


def test_it_refuses_to_delete_what_one_only_sees(world: World, sign_in: SignIn) -> None:
    response = sign_in("member").delete(f"{M}projects/{world.project.pk}/")
    assert response.status_code == 403
    assert "message" in response.json()
    assert Project.objects.filter(pk=world.project.pk).exists()


def test_it_answers_404_for_what_one_may_not_see(world: World, sign_in: SignIn) -> None:
    response = sign_in("outsider").get(f"{M}projects/{world.project.pk}/")
    assert response.status_code == 404
    assert response.json() == {"message": f"Project {world.project.pk} not found"}
    assert sign_in("outsider").delete(f"{M}projects/{world.project.pk}/").status_code == 404


def test_it_requires_a_csrf_token_to_delete(world: World, sign_in_strict: SignIn) -> None:
    response = sign_in_strict("owner").delete(f"{M}projects/{world.project.pk}/")
    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]
