"""Absolute ``url:*`` links: from the request, under omero.web.prefix, or absolute_url."""

from __future__ import annotations

import json
from pathlib import Path

from django.test import Client, override_settings
from django.test.utils import override_script_prefix

from pyomero.conf import Config
from pyomero.testing.live import fetch, live_server

from .conftest import API, M, SignIn, World, data


def test_it_builds_links_from_the_request(world: World, sign_in: SignIn) -> None:
    client = sign_in("owner")
    project = data(client.get(f"{M}projects/", HTTP_HOST="omero.example.org"))[0]
    assert project["url:project"].startswith("http://omero.example.org/api/v0/m/projects/")
    secure = data(client.get(f"{M}projects/", secure=True))[0]
    assert secure["url:project"].startswith("https://testserver/api/v0/")


def test_it_puts_links_under_the_sites_prefix(world: World, sign_in: SignIn) -> None:
    # The WSGI handler sets the script prefix from FORCE_SCRIPT_NAME; the test client does not.
    with override_settings(FORCE_SCRIPT_NAME="/omero"), override_script_prefix("/omero/"):
        urls = Client().get(f"{API}").json()
        project = data(sign_in("owner").get(f"{M}projects/"))[0]
    assert urls["url:projects"] == "http://testserver/omero/api/v0/m/projects/"
    assert project["url:datasets"].startswith("http://testserver/omero/api/v0/m/projects/")


def test_it_uses_the_configured_absolute_url(world: World, tmp_path: Path) -> None:
    config = Config({"omero.web.api.absolute_url": "https://omero.example.org/"}, tmp_path)
    with override_settings(OMERO_CONFIG=config):
        urls = Client().get(API).json()
    assert urls["url:login"] == "https://omero.example.org/api/v0/login/"


def test_a_server_under_a_prefix_links_under_it(tmp_path: Path) -> None:
    """``omero.web.prefix`` on a running server: the front server strips the prefix and
    gunicorn serves at /, yet every link a client follows starts with it."""
    config = {"omero.web.prefix": "/omero", "omero.web.wsgi_workers": "1"}
    with live_server(tmp_path, config) as server:
        host = {"Host": "omero.example.org"}
        versions = fetch(server.url("/api/"), headers=host)
        base = fetch(server.url("/api/v0/"), headers=host)
    assert versions.headers["X-OMERO-ApiVersion"] == base.headers["X-OMERO-ApiVersion"] == "0.2"
    assert (
        json.loads(versions.body)["data"][0]["url:base"] == "http://omero.example.org/omero/api/v0/"
    )
    urls = json.loads(base.body)
    assert urls["url:projects"] == "http://omero.example.org/omero/api/v0/m/projects/"
    assert urls["url:login"] == "http://omero.example.org/omero/api/v0/login/"
