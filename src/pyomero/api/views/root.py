"""The entry points: versions, starting URLs, CSRF token, servers."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware import csrf

from pyomero.api.conf import API_VERSIONS, SCHEMA_URL
from pyomero.api.errors import NotFoundError
from pyomero.api.links import linker
from pyomero.api.respond import api_view
from pyomero.api.schema import Json

# GET /api/v0/: url key -> URL name (pyomero's own under "url:pyomero:").
BASE_URLS = {
    "url:experimenters": "api_experimenters",
    "url:experimentergroups": "api_experimentergroups",
    "url:projects": "api_projects",
    "url:datasets": "api_datasets",
    "url:images": "api_images",
    "url:screens": "api_screens",
    "url:plates": "api_plates",
    "url:rois": "api_rois",
    "url:token": "api_token",
    "url:servers": "api_servers",
    "url:login": "api_login",
    "url:save": "api_save",
    "url:pyomero:logout": "api_logout",
    "url:pyomero:annotations": "api_annotations",
    "url:pyomero:openapi": "api_openapi",
}


@api_view("GET", login=False)
def api_versions(request: HttpRequest) -> Json:
    """``{"data": [{"version": "0", "url:base": ...}]}``."""
    return {
        "data": [
            {"version": v, "url:base": linker(request, v).url("api_base")} for v in API_VERSIONS
        ]
    }


@api_view("GET", login=False)
def api_base(request: HttpRequest, api_version: str) -> Json:
    link = linker(request, api_version)
    urls: Json = {key: link.url(name) for key, name in BASE_URLS.items()}
    urls["url:schema"] = SCHEMA_URL
    return urls


@api_view("GET", login=False)
def api_token(request: HttpRequest, api_version: str) -> Json:
    """The CSRF token to send with POST, PUT and DELETE (header ``X-CSRFToken``)."""
    return {"data": csrf.get_token(request)}


@api_view("GET", login=False)
def api_servers(request: HttpRequest, api_version: str) -> Json:
    """One server, id 1: pyomero is its own server (named after omero.web.server_list)."""
    servers = settings.OMERO_CONFIG["omero.web.server_list"] or [["localhost", 4064, "omero"]]
    host, port, *name = servers[0]
    server: Json = {"id": 1, "host": host, "port": port}
    if name and name[0] is not None:
        server["server"] = name[0]
    return {"data": [server]}


@api_view("GET", "POST", "PUT", "DELETE", login=False, csrf=False)
def not_found(request: HttpRequest) -> Json:
    """Any other URL under /api/: a JSON 404."""
    raise NotFoundError(f"No such URL: {request.path}")
