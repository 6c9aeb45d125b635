"""``imgData`` (everything a viewer reads about an image) and ``histogram_json``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.views.decorators.http import require_safe

from pyomero import imaging
from pyomero.webgateway.views._common import context, json_view, number


@json_view
@require_safe
def image_data(request: HttpRequest, iid: str, key: str | None = None) -> Any:
    defaults = request.GET.get("getDefaults") == "true"
    return imaging.image_data(context(request), int(iid), defaults=defaults, key=key)


@json_view
@require_safe
def histogram(request: HttpRequest, iid: str, theC: str) -> Any:
    data = imaging.histogram(
        context(request),
        int(iid),
        int(theC),
        z=number(request.GET.get("theZ"), "theZ", 0) or 0,
        t=number(request.GET.get("theT"), "theT", 0) or 0,
        bins=number(request.GET.get("bins"), "bins", 256) or 0,
    )
    return {"data": data}
