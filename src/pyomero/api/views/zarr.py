"""An image's pixels as OME-Zarr (pyomero's extension), by session or by zarr link.

- ``m/images/<id>/zarr/<key>``: the image's own pyramid (NGFF 0.4 on zarr v2, see
  docs/decisions/0002-pixel-store.md) served key by key to the signed-in (or public)
  user: ``.zgroup``, ``.zattrs`` and each level's ``.zarray`` as JSON, chunks as
  their stored (compressed) bytes. For clients that send the session cookie. The
  ``.zattrs``' ``omero`` block is the user's rendering settings of the moment (the
  channel names, colours and windows viewers show), not the one stored at import.
- ``m/images/<id>/zarr_link/``: a store URL carrying its own credential,
  ``zarr/<token>/`` (see ``zarr_links.py``), for clients that open a URL and send
  nothing else (ome-zarr-py, napari, vizarr).
- ``zarr/<token>/<key>``: the same keys, as the token's user, readable by pages of
  any origin (CORS), for vizarr.

Only for an image the user may see (404 otherwise, as if missing); a key the store
does not have is a 404, which zarr readers take as a chunk of fill values; 503
while the pyramid is written.
"""

from __future__ import annotations

import json
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone

from pyomero.api.encoders.base import millis
from pyomero.api.errors import NotFoundError
from pyomero.api.links import linker
from pyomero.api.respond import View, api_view
from pyomero.api.schema import Json
from pyomero.api.views.base import request_context
from pyomero.api.zarr_links import expiry, grant_context, make_token, read_token
from pyomero.imaging import load_image, open_pixels
from pyomero.imaging.image_data import ngff_omero
from pyomero.imaging.rendering_defs import LoadedImage
from pyomero.model.access import access_image
from pyomero.model.context import EventContext

JSON_KEYS = (".zgroup", ".zattrs", ".zarray", ".zmetadata", "zarr.json")


def serve(ctx: EventContext, image_id: int, key: str) -> HttpResponse:
    loaded = load_image(ctx, image_id)
    series = open_pixels(loaded.pixels)
    found = series.io.get(f"{series.group}/{key}" if series.group else key)
    if found is None:
        raise NotFoundError(f"Image {image_id} has no zarr key {key!r}")
    if key == ".zattrs":
        response = HttpResponse(with_rendering(found, loaded), content_type="application/json")
        response["Cache-Control"] = "private, no-cache"  # the settings may change
        return response
    is_json = key.rsplit("/", 1)[-1] in JSON_KEYS
    response = HttpResponse(
        found, content_type="application/json" if is_json else "application/octet-stream"
    )
    response["Cache-Control"] = "private, max-age=3600"  # a pyramid is written once
    return response


def with_rendering(stored: bytes, loaded: LoadedImage) -> bytes:
    """The stored root attributes, whose ``omero`` block is the user's settings now."""
    attrs = json.loads(stored)
    attrs["omero"] = ngff_omero(loaded, attrs["multiscales"][0]["version"])
    return json.dumps(attrs).encode()


@api_view("GET")
def zarr(request: HttpRequest, api_version: str, object_id: int, key: str) -> HttpResponse:
    return serve(request_context(request), object_id, key)


@api_view("GET")
def zarr_link(request: HttpRequest, api_version: str, object_id: int) -> Json:
    """``{"url:zarr": ".../api/v0/zarr/<token>/", "expires": <ms since the epoch>}``."""
    ctx = request_context(request)
    image = access_image(ctx, object_id)
    token = make_token(ctx, image.pk)
    url = linker(request, api_version).url("api_zarr_link_store", token=token, key=".zattrs")
    return {"url:zarr": url.removesuffix(".zattrs"), "expires": millis(expiry(timezone.now()))}


def any_origin(view: View) -> View:
    """Let pages of any origin read the answers (vizarr runs on its own site).

    Safe for zarr links only: the credential is in the URL, never in a cookie, so a
    page reads nothing its URL does not already grant. Errors carry the header too:
    a zarr reader in a browser must see a missing chunk's 404 to fill it.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


@any_origin
@api_view("GET", login=False)
def zarr_link_store(request: HttpRequest, api_version: str, token: str, key: str) -> HttpResponse:
    grant = read_token(token)
    return serve(grant_context(grant), grant.image_id, key)
