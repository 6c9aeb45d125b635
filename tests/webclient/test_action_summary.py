"""``action_summary/``: what the Delete and Move dialogs say (names, children,
annotations), only about objects the user may see."""

from __future__ import annotations

from tests.webclient.helpers import SignedIn, Tree

from pyomero.model.actions import do_add_tag
from pyomero.testing.personas import Personas


def test_it_counts_children_and_annotations(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    do_add_tag(personas.ctx("owner", personas.group), tree.dataset, "day 1")
    query = f"dataset={tree.dataset.pk}&image={tree.images[0].pk}"
    data = signed_in("owner").get(f"/webclient/action_summary/?{query}").json()
    assert data == {
        "objects": [
            {
                "type": "dataset",
                "id": tree.dataset.pk,
                "name": tree.dataset.name,
                "children": 2,
                "childType": "image",
                "annotations": 1,
            },
            {
                "type": "image",
                "id": tree.images[0].pk,
                "name": tree.images[0].name,
                "children": 0,
                "childType": "",
                "annotations": 0,
            },
        ]
    }


def test_it_answers_404_for_what_the_user_may_not_see(tree: Tree, signed_in: SignedIn) -> None:
    response = signed_in("outsider").get(f"/webclient/action_summary/?dataset={tree.dataset.pk}")
    assert response.status_code == 404
    assert signed_in("owner").get("/webclient/action_summary/").status_code == 400
