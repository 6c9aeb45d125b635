"""Saved figures: ``save_web_figure/``, ``load_web_figure/<id>/``, ``list_web_figures/``,
``delete_web_figure/`` and ``chgrp/``, answered as OMERO.figure's own views answer
(the id of a saved figure and "Deleted OK" as plain text)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST, require_safe

from pyomero.figure import saved
from pyomero.model.errors import InputInvalidError
from pyomero.webgateway.views._common import context, json_view


def _posted_id(request: HttpRequest, name: str) -> str:
    value = request.POST.get(name, "").strip()
    if not value.isdigit():
        raise InputInvalidError(f"{name} must be an id, not {value!r}")
    return value


@json_view
@require_POST
def save_web_figure(request: HttpRequest) -> Any:
    figure_json = request.POST.get("figureJSON")
    if figure_json is None:
        raise InputInvalidError("No 'figureJSON' in POST")
    file_id = _posted_id(request, "fileId") if request.POST.get("fileId") else None
    saved_id = saved.save_figure(context(request), figure_json, file_id)
    return HttpResponse(str(saved_id), content_type="text/plain")


@json_view
@require_safe
def load_web_figure(request: HttpRequest, file_id: int) -> Any:
    figure = saved.load_figure(context(request), file_id)
    if isinstance(figure, str):
        return HttpResponse(figure, content_type="application/json")
    return figure


@json_view
@require_safe
def list_web_figures(request: HttpRequest) -> Any:
    return saved.list_figures(context(request))


@json_view
@require_POST
def delete_web_figure(request: HttpRequest) -> Any:
    saved.delete_figure(context(request), _posted_id(request, "fileId"))
    return HttpResponse("Deleted OK", content_type="text/plain")


@json_view
@require_POST
def chgrp(request: HttpRequest) -> Any:
    ctx = context(request)
    saved.move_figure(ctx, _posted_id(request, "ann_id"), _posted_id(request, "group_id"))
    return {"success": True}
