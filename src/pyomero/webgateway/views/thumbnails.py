"""Thumbnails: ``render_thumbnail``, ``render_birds_eye_view``, ``get_thumbnail`` and
``get_thumbnails`` (base64 data URIs, at most ``omero.web.thumbnails_batch`` at once)."""

from __future__ import annotations

import base64
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from pyomero import imaging
from pyomero.imaging.config import imaging_config
from pyomero.rendering import InvalidParameterError
from pyomero.webgateway.views._common import (
    context,
    etags,
    ids,
    image_response,
    image_view,
    json_view,
    number,
)


def _size(w: str | None, h: str | None) -> int | tuple[int, int] | None:
    if w is None:
        return None
    return int(w) if h is None else (int(w), int(h))


def data_uri(jpeg: bytes | None) -> str | None:
    return None if jpeg is None else "data:image/jpeg;base64," + base64.b64encode(jpeg).decode()


@image_view
@require_safe
def render_thumbnail(
    request: HttpRequest, iid: str, w: str | None = None, h: str | None = None
) -> HttpResponse:
    rendered = imaging.rendered_thumbnail(
        context(request),
        int(iid),
        _size(w, h),
        z=number(request.GET.get("z"), "z"),
        t=number(request.GET.get("t"), "t"),
        rdef_id=number(request.GET.get("rdefId"), "rdefId"),
        if_none_match=etags(request),
    )
    return image_response(rendered)


def render_birds_eye_view(request: HttpRequest, iid: str, size: str | None = None) -> HttpResponse:
    """The whole image at ``size`` px on its longest side: a thumbnail, as in OMERO."""
    return render_thumbnail(request, iid, size)  # type: ignore[no-any-return]


@json_view
@require_safe
def get_thumbnail(
    request: HttpRequest, iid: str, w: str | None = None, h: str | None = None
) -> Any:
    jpeg = imaging.thumbnail(context(request), int(iid), _size(w, h))
    return data_uri(jpeg)


@json_view
@require_safe
def get_thumbnails(request: HttpRequest, w: str | None = None) -> Any:
    wanted = set(ids(request.GET.getlist("id"), "id"))
    batch = imaging_config().thumbnails_batch
    if len(wanted) > batch:
        raise InvalidParameterError(f"Max {batch} thumbnails at a time.", parameter="id")
    found = imaging.thumbnail_set(context(request), wanted, None if w is None else int(w))
    return {str(image_id): data_uri(jpeg) for image_id, jpeg in found.items()}
