from __future__ import annotations

from tests.webclient.helpers import SignedIn, Tree

from pyomero.testing.personas import Personas


def test_it_lists_the_datasets_of_a_project(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    data = signed_in("owner").get(f"/webclient/api/datasets/?id={tree.project.pk}").json()
    assert data == {
        "datasets": [
            {
                "id": tree.dataset.pk,
                "name": "tree dataset",
                "ownerId": personas.owner.pk,
                "childCount": 2,
                "permsCss": "canEdit canAnnotate canLink canDelete canChgrp isOwned",
            }
        ]
    }


def test_it_marks_what_a_member_may_do_with_others_data(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    data = signed_in("member").get(f"/webclient/api/datasets/?id={tree.project.pk}").json()
    assert data["datasets"][0]["permsCss"] == "canAnnotate"


def test_it_lists_nothing_for_a_project_the_user_cannot_see(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    data = signed_in("outsider").get(f"/webclient/api/datasets/?id={tree.project.pk}").json()
    assert data == {"datasets": []}
