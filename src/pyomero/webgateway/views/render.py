"""Rendered images: ``render_image``, ``render_image_region`` (and their strict
``_rdef`` forms), ``render_split_channel``, ``render_row_plot``, ``render_col_plot``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from pyomero import imaging
from pyomero.rendering import parse_query
from pyomero.webgateway.views._common import context, etags, image_response, image_view


def _plane(value: str | None) -> int | None:
    return None if value is None else int(value)


@image_view
@require_safe
def render_image(
    request: HttpRequest, iid: str, z: str | None = None, t: str | None = None, strict: bool = False
) -> HttpResponse:
    query = parse_query(request.GET)
    rendered = imaging.render_image(
        context(request),
        int(iid),
        query,
        _plane(z),
        _plane(t),
        strict=strict,
        if_none_match=etags(request),
    )
    return image_response(rendered)


@image_view
@require_safe
def render_image_region(
    request: HttpRequest, iid: str, z: str, t: str, strict: bool = False
) -> HttpResponse:
    query = parse_query(request.GET)
    rendered = imaging.render_image_region(
        context(request),
        int(iid),
        query,
        int(z),
        int(t),
        strict=strict,
        if_none_match=etags(request),
    )
    return image_response(rendered)


@image_view
@require_safe
def render_split_channel(request: HttpRequest, iid: str, z: str, t: str) -> HttpResponse:
    query = parse_query(request.GET)
    rendered = imaging.render_split_channel(
        context(request), int(iid), query, int(z), int(t), if_none_match=etags(request)
    )
    return image_response(rendered)


def _line_plot(
    request: HttpRequest, iid: str, z: str, t: str, axis: str, position: str, w: str | None
) -> HttpResponse:
    rendered = imaging.render_line_plot(
        context(request),
        int(iid),
        parse_query(request.GET),
        int(z),
        int(t),
        axis=axis,
        position=int(position),
        width=int(w or 1),
        if_none_match=etags(request),
    )
    return image_response(rendered)


@image_view
@require_safe
def render_row_plot(
    request: HttpRequest, iid: str, z: str, t: str, y: str, w: str | None = None
) -> HttpResponse:
    return _line_plot(request, iid, z, t, "row", y, w)


@image_view
@require_safe
def render_col_plot(
    request: HttpRequest, iid: str, z: str, t: str, x: str, w: str | None = None
) -> HttpResponse:
    return _line_plot(request, iid, z, t, "col", x, w)
