"""Saved figures (``save_web_figure/``, ``load_web_figure/``, ``list_web_figures/``,
``delete_web_figure/``, ``chgrp/``): FileAnnotations of OMERO.figure's namespace,
permission-checked like any file annotation."""

from __future__ import annotations

import json

from django.test import Client
from tests.conftest import ClientFor

from pyomero.model.actions.files import files_root
from pyomero.model.models import Annotation, Image, OriginalFile
from pyomero.testing.personas import Personas


def figure_json(image: Image, name: str = "My figure") -> str:
    return json.dumps(
        {
            "version": 8,
            "figureName": name,
            "paper_width": 595,
            "panels": [{"imageId": image.pk, "x": 10, "y": 10, "width": 100, "height": 80}],
        }
    )


def save(client: Client, body: dict[str, str]) -> int:
    response = client.post("/figure/save_web_figure/", body)
    assert response.status_code == 200, response.content
    return int(response.content)


def test_it_saves_a_figure_as_a_file_annotation_in_the_images_group(
    owner: Client, image: Image
) -> None:
    file_id = save(owner, {"figureJSON": figure_json(image)})
    annotation = Annotation.objects.get(pk=file_id)
    assert annotation.ns == "omero.web.figure.json"
    assert annotation.group_id == image.group_id
    assert json.loads(annotation.description) == {"name": "My figure", "imageId": image.pk}
    assert annotation.file.name == "My figure"
    assert annotation.file.mimetype == "application/json"
    stored = json.loads(files_root().read_bytes(str(annotation.file_id)) or b"")
    assert stored["panels"][0]["imageId"] == image.pk


def test_it_loads_a_saved_figure_with_what_the_front_end_adds(
    owner: Client, client_for: ClientFor, image: Image
) -> None:
    file_id = save(owner, {"figureJSON": figure_json(image)})
    figure = owner.get(f"/figure/load_web_figure/{file_id}/").json()
    assert figure["figureName"] == "My figure"
    assert figure["canEdit"] is True
    assert figure["group"] == {"id": image.group_id, "name": image.group.name}
    seen_by_colleague = client_for("member").get(f"/figure/load_web_figure/{file_id}/").json()
    assert seen_by_colleague["canEdit"] is False
    assert client_for("outsider").get(f"/figure/load_web_figure/{file_id}/").status_code == 404


def test_it_saves_a_new_version_of_the_same_figure(owner: Client, image: Image) -> None:
    file_id = save(owner, {"figureJSON": figure_json(image)})
    again = save(owner, {"figureJSON": figure_json(image, "Renamed"), "fileId": str(file_id)})
    assert again == file_id
    figure = owner.get(f"/figure/load_web_figure/{file_id}/").json()
    assert figure["figureName"] == "Renamed"
    assert OriginalFile.objects.get(annotations__pk=file_id).name == "Renamed"


def test_it_refuses_to_overwrite_someone_elses_figure(
    owner: Client, client_for: ClientFor, image: Image
) -> None:
    file_id = save(owner, {"figureJSON": figure_json(image)})
    response = client_for("member").post(
        "/figure/save_web_figure/",
        {"figureJSON": figure_json(image, "Hijacked"), "fileId": str(file_id)},
    )
    assert response.status_code == 403
    assert owner.get(f"/figure/load_web_figure/{file_id}/").json()["figureName"] == "My figure"


def test_it_lists_the_figures_the_user_may_see(
    owner: Client, client_for: ClientFor, image: Image, personas: Personas
) -> None:
    file_id = save(owner, {"figureJSON": figure_json(image)})
    [listed] = client_for("member").get("/figure/list_web_figures/").json()
    assert listed["id"] == file_id
    assert listed["name"] == "My figure"
    assert listed["owner"]["id"] == personas.owner.pk
    assert listed["ownerFullName"] == f"{personas.owner.first_name} {personas.owner.last_name}"
    assert listed["group"]["id"] == image.group_id
    assert listed["canEdit"] is False
    assert json.loads(listed["description"])["imageId"] == image.pk
    assert client_for("outsider").get("/figure/list_web_figures/").json() == []


def test_it_deletes_a_figure_and_its_file(owner: Client, image: Image) -> None:
    file_id = save(owner, {"figureJSON": figure_json(image)})
    file = OriginalFile.objects.get(annotations__pk=file_id)
    assert files_root().exists(str(file.pk))
    response = owner.post("/figure/delete_web_figure/", {"fileId": str(file_id)})
    assert response.content == b"Deleted OK"
    assert not Annotation.objects.filter(pk=file_id).exists()
    assert not OriginalFile.objects.filter(pk=file.pk).exists()


def test_it_refuses_bad_figures_with_a_message_and_writes_nothing(
    owner: Client, image: Image
) -> None:
    before = set(files_root().files())
    for body in (
        {},
        {"figureJSON": "{not json"},
        {"figureJSON": "[1, 2]"},
        {"figureJSON": '{"panels": [], "x": NaN}'},
        {"figureJSON": figure_json(image), "fileId": "abc"},
    ):
        response = owner.post("/figure/save_web_figure/", body)
        assert response.status_code == 400, body
        assert response.json()["message"]
    assert not Annotation.objects.filter(ns="omero.web.figure.json").exists()
    after = set(files_root().files())
    assert after == before


def test_it_moves_a_figure_to_another_group_of_the_owner(
    owner: Client, image: Image, personas: Personas
) -> None:
    file_id = save(owner, {"figureJSON": figure_json(image)})
    target = personas.other_group
    response = owner.post("/figure/chgrp/", {"ann_id": str(file_id), "group_id": str(target.pk)})
    assert response.json() == {"success": True}
    assert Annotation.objects.get(pk=file_id).group_id == target.pk
    assert OriginalFile.objects.get(annotations__pk=file_id).group_id == target.pk
