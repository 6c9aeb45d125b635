"""``/api/``, ``/api/v0/``, ``token/`` and ``servers/``: open to anyone, as in OMERO."""

from __future__ import annotations

from django.test import Client

from .conftest import API

OMERO_BASE_KEYS = {
    "url:experimenters",
    "url:experimentergroups",
    "url:projects",
    "url:datasets",
    "url:images",
    "url:screens",
    "url:plates",
    "url:rois",
    "url:token",
    "url:servers",
    "url:login",
    "url:save",
    "url:schema",
}


def test_it_lists_the_versions_with_their_base_url(client: Client) -> None:
    response = client.get("/api/")
    assert response.status_code == 200
    assert response["X-OMERO-ApiVersion"] == "0.2"
    assert response.json() == {"data": [{"version": "0", "url:base": "http://testserver/api/v0/"}]}


def test_it_lists_omeros_starting_urls_and_the_schema(client: Client) -> None:
    urls = client.get(API).json()
    assert set(urls) >= OMERO_BASE_KEYS
    assert urls["url:schema"] == "http://www.openmicroscopy.org/Schemas/OME/2016-06"
    assert urls["url:projects"] == "http://testserver/api/v0/m/projects/"
    assert urls["url:login"] == "http://testserver/api/v0/login/"


def test_it_names_pyomeros_own_urls_as_such(client: Client) -> None:
    extra = set(client.get(API).json()) - OMERO_BASE_KEYS
    assert extra == {"url:pyomero:annotations", "url:pyomero:logout", "url:pyomero:openapi"}


def test_it_hands_out_the_csrf_token(client: Client) -> None:
    response = client.get(f"{API}token/")
    token = response.json()["data"]
    assert isinstance(token, str) and len(token) >= 32
    assert "csrftoken" in response.cookies


def test_it_lists_one_server(client: Client) -> None:
    servers = client.get(f"{API}servers/").json()["data"]
    assert servers == [{"id": 1, "host": "localhost", "port": 4064, "server": "omero"}]


def test_it_serves_no_other_version(client: Client) -> None:
    response = client.get("/api/v1/")
    assert response.status_code == 404
    assert "message" in response.json()
