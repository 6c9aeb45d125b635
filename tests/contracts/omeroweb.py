"""OMERO.web's test library, in HTTP: clients that enforce CSRF as OMERO's
``IWebTest`` ones do, and its ``get``/``post``/``get_json`` checks.

Every test of this package expresses one contract of OMERO.web's integration tests
(``ome/openmicroscopy``'s ``components/tools/OmeroWeb/test/integration/`` and, before
2019, ``ome/omero-web``'s ``test/integration/``), named in its docstring.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from django.test import Client

from pyomero.model.models import Experimenter

UPSTREAM = "components/tools/OmeroWeb/test/integration"


def django_client(user: Experimenter) -> Client:
    """A client signed in as ``user`` that enforces CSRF (OMERO's ``new_django_client``)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.cookies["csrftoken"] = secrets.token_hex(16)
    return client


def _csrf(client: Client) -> dict[str, str]:
    return {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}


def get(client: Client, url: str, data: Any = None, status_code: int = 200) -> Any:
    response = client.get(url, data or {})
    assert response.status_code == status_code, response.content[:400]
    return response


def get_json(client: Client, url: str, data: Any = None, status_code: int = 200) -> Any:
    return get(client, url, data, status_code).json()


def post(
    client: Client,
    url: str,
    data: Any = None,
    status_code: int = 200,
    csrf_required: bool = True,
    **extra: Any,
) -> Any:
    """OMERO's ``post``: refused (403) without the CSRF token, then ``status_code`` with it."""
    if csrf_required:
        refused = client.post(url, data or {}, **extra)
        assert refused.status_code == 403, refused.content[:400]
    response = client.post(url, data or {}, **extra, **_csrf(client))
    assert response.status_code == status_code, response.content[:400]
    return response


def post_json(client: Client, url: str, data: Any = None, status_code: int = 200) -> Any:
    return post(client, url, data, status_code).json()


def send(client: Client, method: str, url: str, body: Any, status_code: int = 200) -> Any:
    """A JSON body sent with the CSRF token (``put``, ``delete``, ``post`` of JSON)."""
    call = getattr(client, method.lower())
    response = call(url, json.dumps(body), content_type="application/json", **_csrf(client))
    assert response.status_code == status_code, response.content[:400]
    return response
