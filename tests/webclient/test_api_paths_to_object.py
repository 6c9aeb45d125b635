from __future__ import annotations

from tests.webclient.helpers import SignedIn, Tree

from pyomero.testing.factories import make_image
from pyomero.testing.personas import Personas


def test_it_gives_the_path_to_an_image_in_a_dataset_in_a_project(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    image = tree.images[0]
    data = signed_in("owner").get(f"/webclient/api/paths_to_object/?image={image.pk}").json()
    assert data == {
        "paths": [
            [
                {"type": "experimenter", "id": personas.owner.pk},
                {"type": "project", "id": tree.project.pk},
                {"type": "dataset", "id": tree.dataset.pk},
                {"type": "image", "id": image.pk},
            ]
        ]
    }


def test_it_gives_the_orphaned_node_for_an_image_in_no_dataset(
    personas: Personas, signed_in: SignedIn
) -> None:
    image = make_image(personas.ctx("owner", personas.group))
    data = signed_in("owner").get(f"/webclient/api/paths_to_object/?image={image.pk}").json()
    owner = personas.owner.pk
    assert data["paths"] == [
        [
            {"type": "experimenter", "id": owner},
            {"type": "orphaned", "id": owner},
            {"type": "image", "id": image.pk},
        ]
    ]


def test_it_gives_the_path_to_a_dataset_and_a_project(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    client = signed_in("owner")
    dataset = client.get(f"/webclient/api/paths_to_object/?dataset={tree.dataset.pk}").json()
    project = client.get(f"/webclient/api/paths_to_object/?project={tree.project.pk}").json()
    assert [step["type"] for step in dataset["paths"][0]] == ["experimenter", "project", "dataset"]
    assert project["paths"] == [
        [
            {"type": "experimenter", "id": personas.owner.pk},
            {"type": "project", "id": tree.project.pk},
        ]
    ]


def test_it_answers_404_for_an_object_the_user_cannot_see(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    response = signed_in("outsider").get(
        f"/webclient/api/paths_to_object/?image={tree.images[0].pk}"
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_it_needs_an_object(personas: Personas, signed_in: SignedIn) -> None:
    assert signed_in("owner").get("/webclient/api/paths_to_object/").status_code == 400
