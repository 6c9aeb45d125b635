from __future__ import annotations

from tests.webclient.helpers import SignedIn, Tree

from pyomero.testing.personas import Personas

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_it_renames_and_answers_the_panel_to_htmx(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    url = f"/webclient/action/save/dataset/{tree.dataset.pk}/"
    response = signed_in("owner").post(url, {"name": "Renamed", "description": "why"}, **HTMX)
    tree.dataset.refresh_from_db()
    assert (tree.dataset.name, tree.dataset.description) == ("Renamed", "why")
    assert response.status_code == 200
    assert '<h2 id="panel-title">Renamed</h2>' in response.content.decode()


def test_it_goes_back_to_the_object_without_htmx(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    url = f"/webclient/action/save/project/{tree.project.pk}/"
    response = signed_in("owner").post(url, {"description": "only this"})
    tree.project.refresh_from_db()
    assert response["Location"] == f"/webclient/?show=project-{tree.project.pk}"
    assert (tree.project.name, tree.project.description) == ("tree project", "only this")


def test_it_shows_the_refusal_in_the_panel(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    url = f"/webclient/action/save/dataset/{tree.dataset.pk}/"
    response = signed_in("owner").post(url, {"name": "  "}, **HTMX)
    assert response.status_code == 400
    assert '<p class="alert" role="alert">' in response.content.decode()


def test_it_only_accepts_post(personas: Personas, tree: Tree, signed_in: SignedIn) -> None:
    url = f"/webclient/action/save/dataset/{tree.dataset.pk}/"
    assert signed_in("owner").get(url).status_code == 405
