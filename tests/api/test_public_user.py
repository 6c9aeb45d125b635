"""With OMERO.web's public user on ``/api/``, anonymous clients read as that user."""

from __future__ import annotations

import re

from django.test import Client, override_settings

from pyomero.testing.personas import PASSWORD

from .conftest import M, World, names

PUBLIC = {
    "PUBLIC_ENABLED": True,
    "PUBLIC_USER": "member",
    "PUBLIC_PASSWORD": PASSWORD,
    "PUBLIC_URL_FILTER": re.compile(r"^/api/v0/m/"),
    "PUBLIC_GET_ONLY": True,
}


def test_it_serves_anonymous_reads_as_the_public_user(world: World) -> None:
    with override_settings(**PUBLIC):
        client = Client()
        assert names(client.get(f"{M}projects/")) == ["alpha project"]
        body = {"@type": "http://www.openmicroscopy.org/Schemas/OME/2016-06#Project"}
        refused = client.post(f"{M}save/", body, content_type="application/json")
    assert refused.status_code == 403


def test_it_keeps_other_paths_private(world: World) -> None:
    with override_settings(**{**PUBLIC, "PUBLIC_URL_FILTER": re.compile(r"^/webgateway/")}):
        response = Client().get(f"{M}projects/")
    assert response.status_code == 403
    assert response.json() == {"message": "Not logged in"}
