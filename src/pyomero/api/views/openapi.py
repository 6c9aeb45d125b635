"""``GET /api/v0/openapi.json``: the API's OpenAPI document, generated from its table."""

from __future__ import annotations

from django.http import HttpRequest

from pyomero.api.links import linker
from pyomero.api.respond import api_view
from pyomero.api.schema import Json


@api_view("GET", login=False)
def openapi(request: HttpRequest, api_version: str) -> Json:
    # Imported here: the document is built from the endpoint table, which names this view.
    from pyomero.api.openapi import openapi_document

    base = linker(request, api_version).url("api_base")  # https://host/prefix/api/v0/
    return openapi_document(base.removesuffix(f"/api/v{api_version}/"))
