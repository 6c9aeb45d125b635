"""Deleting from the webclient: ``deletemany/`` with OMERO.web's options, the fileset
warning, and the persona x group-level rules."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from tests.webclient.helpers import SignedIn, Tree

from pyomero.model.actions import do_add_tag, do_create_fileset, do_create_original_file
from pyomero.model.actions.files import stored_bytes
from pyomero.model.models import Annotation, Dataset, Image, OriginalFile, Permissions, Project
from pyomero.testing.factories import make_image, make_tree
from pyomero.testing.personas import Personas, make_personas


def test_it_deletes_a_project_with_its_contents(tree: Tree, signed_in: SignedIn) -> None:
    response = signed_in("owner").post("/webclient/deletemany/", {"project": tree.project.pk})
    assert response.status_code == 200
    assert response.json() == {"deleted": {"project": [tree.project.pk]}}
    assert not Project.objects.exists() and not Dataset.objects.exists()
    assert not Image.objects.exists()


def test_it_keeps_the_contents_without_child(tree: Tree, signed_in: SignedIn) -> None:
    form = {"project": tree.project.pk, "child": "false"}
    signed_in("owner").post("/webclient/deletemany/", form)
    assert list(Dataset.objects.all()) == [tree.dataset]
    assert Image.objects.count() == 2


def test_it_deletes_tags_only_with_anns(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    ctx = personas.ctx("owner", personas.group)
    for image in tree.images:
        do_add_tag(ctx, image, f"only on {image.name}")
    client = signed_in("owner")
    client.post("/webclient/deletemany/", {"image": tree.images[0].pk})
    client.post("/webclient/deletemany/", {"image": tree.images[1].pk, "anns": "on"})
    assert list(Annotation.objects.values_list("text_value", flat=True)) == [
        f"only on {tree.images[0].name}"
    ]


def test_it_warns_before_splitting_a_fileset(personas: Personas, signed_in: SignedIn) -> None:
    ctx = personas.ctx("owner", personas.group)
    fileset = do_create_fileset(ctx, [do_create_original_file(ctx, "multi.tif", size=1)])
    first, second = make_image(ctx, "s0", fileset=fileset), make_image(ctx, "s1", fileset=fileset)
    client = signed_in("owner")
    check = client.get(f"/webclient/fileset_check/delete/?image={first.pk}")
    assert check.json() == {
        "splits": [{"filesetId": fileset.pk, "selected": [first.pk], "left": [second.pk]}]
    }
    refused = client.post("/webclient/deletemany/", {"image": first.pk})
    assert refused.status_code == 400
    assert "fileset" in refused.json()["message"]
    both = client.post("/webclient/deletemany/", {"image": f"{first.pk},{second.pk}"})
    assert both.status_code == 200 and not Image.objects.exists()


def test_it_refuses_bad_input(tree: Tree, signed_in: SignedIn) -> None:
    client = signed_in("owner")
    assert client.post("/webclient/deletemany/", {}).status_code == 400
    assert client.post("/webclient/deletemany/", {"image": "x"}).status_code == 400
    assert client.get("/webclient/deletemany/").status_code == 405
    assert (
        client.get(f"/webclient/fileset_check/rename/?image={tree.images[0].pk}").status_code == 404
    )


# level, persona: the status of deleting the owner's image, and whether it is gone
TABLE = [
    (Permissions.PRIVATE, "member", 404),
    (Permissions.READ_ONLY, "member", 403),
    (Permissions.READ_ANNOTATE, "member", 403),
    (Permissions.READ_WRITE, "member", 200),
    (Permissions.READ_ONLY, "group_owner", 200),
    (Permissions.READ_ANNOTATE, "outsider", 404),
    (Permissions.READ_ANNOTATE, "admin", 200),
]


@pytest.mark.parametrize(("level", "persona", "status"), TABLE)
def test_it_lets_only_those_allowed_delete(
    db: None, level: Permissions, persona: str, status: int
) -> None:
    people = make_personas(level)
    _, _, (image, _) = make_tree(people.ctx("owner", people.group))
    client = Client()
    client.force_login(people.user(persona))
    client.get(f"/webclient/active_group/?active_group={people.group.pk}")
    response = client.post("/webclient/deletemany/", {"image": image.pk})
    assert response.status_code == status
    assert Image.objects.filter(pk=image.pk).exists() == (status != 200)


def test_it_removes_the_bytes_of_attachments_deleted_with_anns(
    tree: Tree, signed_in: SignedIn, django_capture_on_commit_callbacks: Any
) -> None:
    client = signed_in("owner")
    for image in tree.images:
        upload = SimpleUploadedFile(f"{image.pk}.deleteme", b"notes")
        client.post(f"/webclient/annotate_file/image/{image.pk}/", {"annotation_file": upload})
    files = OriginalFile.objects.filter(name__endswith=".deleteme").order_by("name")
    stored = {file.name: stored_bytes(file) for file in files}
    assert all(where is not None and where.exists() for where in stored.values())
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/webclient/deletemany/", {"image": tree.images[0].pk, "anns": "on"})
        client.post("/webclient/deletemany/", {"image": tree.images[1].pk})
    left = [name for name, where in stored.items() if where is not None and where.exists()]
    assert left == [f"{tree.images[1].pk}.deleteme"]
