"""The lookup tables: ``luts/`` (JSON) and ``luts_png/`` (the strips viewers show)."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from pyomero.imaging.rendered import Rendered, make_etag
from pyomero.rendering import default_luts, encode_png, luts_json, luts_png
from pyomero.webgateway.views._common import etags, image_response, image_view, json_view


@json_view
@require_safe
def luts(request: HttpRequest) -> Any:
    return luts_json(default_luts())


@cache
def _png() -> tuple[str, bytes]:
    body = encode_png(luts_png(default_luts()))
    return make_etag("luts", *default_luts().names), body


@image_view
@require_safe
def luts_image(request: HttpRequest) -> HttpResponse:
    etag, body = _png()
    return image_response(Rendered(etag, "image/png", None if etag in etags(request) else body))
