"""URLs of the JSON API, built from ``endpoints.ENDPOINTS`` (mounted at ``/api/``).

Any other path under ``/api/`` ending in a slash is answered with a JSON 404.
"""

from __future__ import annotations

from django.urls import path, re_path, register_converter

from pyomero.api.converters import (
    AnnotatableConverter,
    IdConverter,
    VersionConverter,
    ZarrKeyConverter,
    ZarrTokenConverter,
)
from pyomero.api.endpoints import ENDPOINTS
from pyomero.api.views.root import not_found

register_converter(VersionConverter, "apiversion")
register_converter(IdConverter, "oid")
register_converter(AnnotatableConverter, "annotatable")
register_converter(ZarrKeyConverter, "zarrkey")
register_converter(ZarrTokenConverter, "zarrtoken")

urlpatterns = [
    *(path(endpoint.route, endpoint.view, name=endpoint.name) for endpoint in ENDPOINTS),
    re_path(r"^.*/$", not_found, name="api_not_found"),
]
