"""Errors are JSON ``{"message": ...}`` with OMERO's statuses, never a redirect."""

from __future__ import annotations

import pytest
from django.test import Client

from pyomero.api.endpoints import ENDPOINTS

from .conftest import API, M, SignIn, World

OPEN = {
    "api_versions",
    "api_base",
    "api_token",
    "api_servers",
    "api_login",
    "api_logout",
    "api_openapi",
    "api_zarr_link_store",  # the zarr link's token is the credential
}
PRIVATE_LISTS = [f"{M}projects/", f"{M}images/", f"{M}wells/", f"{M}experimenters/", f"{M}rois/"]


@pytest.mark.parametrize("url", PRIVATE_LISTS)
def test_it_answers_403_json_to_anonymous_users(client: Client, db: None, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 403
    assert response.json() == {"message": "Not logged in"}
    assert response["X-OMERO-ApiVersion"] == "0.2"


def test_it_needs_a_user_everywhere_but_at_the_entry_points() -> None:
    open_views = {e.name for e in ENDPOINTS if getattr(e.view, "login_required", True) is False}
    assert open_views == OPEN


def test_it_answers_404_json_to_unknown_urls(world: World, sign_in: SignIn) -> None:
    response = sign_in("owner").get(f"{M}nothing/")
    assert response.status_code == 404
    assert "message" in response.json()
    assert response["X-OMERO-ApiVersion"] == "0.2"


def test_it_answers_404_to_missing_objects(world: World, sign_in: SignIn) -> None:
    response = sign_in("owner").get(f"{M}images/999999/")
    assert response.status_code == 404
    assert response.json() == {"message": "Image 999999 not found"}
    assert sign_in("owner").get(f"{M}images/{10**20}/").status_code == 404


def test_it_answers_405_json_with_the_allowed_methods(world: World, sign_in: SignIn) -> None:
    response = sign_in("owner").post(f"{M}projects/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "message" in response.json()
    assert sign_in("owner").put(f"{API}token/").status_code == 405


def test_it_lists_nothing_under_a_missing_parent(world: World, sign_in: SignIn) -> None:
    response = sign_in("owner").get(f"{M}projects/999999/datasets/")
    assert response.status_code == 200
    assert response.json()["data"] == []
