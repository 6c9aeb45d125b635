"""``proj/list/``, ``proj/<id>/detail/``, ``proj/<id>/children/``, ``dataset/<id>/detail/``
and ``dataset/<id>/children/``: OMERO.web's ``simpleMarshal`` of containers."""

from __future__ import annotations

import pytest
from django.test import Client
from tests.webgateway.helpers import url

from pyomero.model.actions import do_create_project
from pyomero.model.context import EventContext
from pyomero.testing.factories import make_tree


@pytest.fixture
def tree(owner_ctx: EventContext):
    return make_tree(owner_ctx, images=2, name="cells")


def test_it_lists_the_visible_projects(owner: Client, tree, owner_ctx, personas) -> None:
    project = tree[0]
    do_create_project(personas.ctx("outsider", personas.outside_group), "hidden")
    response = owner.get(url("webgateway_listProjects_json"))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response.json() == [{"id": project.pk, "name": "cells project", "description": ""}]


def test_it_details_a_project(owner: Client, tree) -> None:
    project = tree[0]
    found = owner.get(url("webgateway_projectDetail_json", project.pk)).json()
    assert found == {
        "type": "Project",
        "id": project.pk,
        "name": "cells project",
        "description": "",
    }


def test_it_lists_a_projects_datasets_with_child_counts(owner: Client, tree) -> None:
    project, dataset, _ = tree
    found = owner.get(url("webgateway_listDatasets_json", project.pk)).json()
    assert found == [
        {
            "type": "Dataset",
            "id": dataset.pk,
            "name": "cells dataset",
            "description": "",
            "child_count": 2,
        }
    ]


def test_it_details_a_dataset(owner: Client, tree) -> None:
    dataset = tree[1]
    found = owner.get(url("webgateway_datasetDetail_json", dataset.pk)).json()
    assert found["type"] == "Dataset" and found["name"] == "cells dataset"


def test_it_lists_a_datasets_images_with_thumbnail_urls(owner: Client, tree) -> None:
    dataset, images = tree[1], tree[2]
    found = owner.get(url("webgateway_listImages_json", dataset.pk)).json()
    assert [i["id"] for i in found] == [i.pk for i in images]
    first = found[0]
    assert first["type"] == "Image" and first["name"] == "cells image 0.tif"
    assert first["author"] == "Owner Person" and isinstance(first["date"], float)
    assert first["thumb_url"] == url("webgateway_render_thumbnail", images[0].pk)
    assert "tiled" not in first


def test_it_says_which_images_are_tiled(owner: Client, tree) -> None:
    found = owner.get(url("webgateway_listImages_json", tree[1].pk), {"tiled": "true"}).json()
    assert found[0]["tiled"] is False and found[0]["size"] == {"width": 64, "height": 48}


@pytest.mark.parametrize(
    "name",
    [
        "webgateway_projectDetail_json",
        "webgateway_listDatasets_json",
    ],
)
@pytest.mark.parametrize(("persona", "status"), [("member", 200), ("outsider", 404)])
def test_it_answers_projects_to_who_sees_them(
    client_for, tree, name: str, persona: str, status: int
) -> None:
    assert client_for(persona).get(url(name, tree[0].pk)).status_code == status


@pytest.mark.parametrize("name", ["webgateway_datasetDetail_json", "webgateway_listImages_json"])
@pytest.mark.parametrize(("persona", "status"), [("admin", 200), ("outsider", 404)])
def test_it_answers_datasets_to_who_sees_them(
    client_for, tree, name: str, persona: str, status: int
) -> None:
    response = client_for(persona).get(url(name, tree[1].pk))
    assert response.status_code == status
    if status == 404:
        assert response.json()["code"] == "not_found"


def test_it_lists_no_projects_of_other_groups(client_for, tree) -> None:
    assert client_for("outsider").get(url("webgateway_listProjects_json")).json() == []


def test_it_sends_anonymous_visitors_to_the_login_page() -> None:
    response = Client().get(url("webgateway_listProjects_json"))
    assert response.status_code == 302 and "/login/" in response["Location"]
