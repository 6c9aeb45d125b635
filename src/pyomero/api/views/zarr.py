"""``m/images/<id>/zarr/<key>`` (pyomero's extension): an image's pixels as OME-Zarr.

The image's own pyramid (NGFF 0.4 on zarr v2, see docs/decisions/0002-pixel-store.md)
served key by key, so that ome-zarr-py, napari or vizarr open
``.../m/images/<id>/zarr/`` as a store URL: ``.zgroup``, ``.zattrs`` and each level's
``.zarray`` as JSON, chunks as their stored (compressed) bytes. Only for an image the
user may see (404 otherwise, as if missing); a key the store does not have is a 404,
which zarr readers take as a chunk of fill values; 503 while the pyramid is written.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from pyomero.api.errors import NotFoundError
from pyomero.api.respond import api_view
from pyomero.api.views.base import request_context
from pyomero.imaging import load_image, open_pixels

JSON_KEYS = (".zgroup", ".zattrs", ".zarray", ".zmetadata", "zarr.json")


@api_view("GET")
def zarr(request: HttpRequest, api_version: str, object_id: int, key: str) -> HttpResponse:
    series = open_pixels(load_image(request_context(request), object_id).pixels)
    found = series.io.get(f"{series.group}/{key}" if series.group else key)
    if found is None:
        raise NotFoundError(f"Image {object_id} has no zarr key {key!r}")
    is_json = key.rsplit("/", 1)[-1] in JSON_KEYS
    response = HttpResponse(
        found, content_type="application/json" if is_json else "application/octet-stream"
    )
    response["Cache-Control"] = "private, max-age=3600"  # a pyramid is written once
    return response
