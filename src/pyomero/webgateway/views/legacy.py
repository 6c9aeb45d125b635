"""The legacy JSON of the webclient and scripts: projects, datasets, plate grids, well
data, ROIs and search, in OMERO.web's shapes (:mod:`pyomero.webgateway.marshal`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.views.decorators.http import require_safe

from pyomero.webgateway import marshal
from pyomero.webgateway.views._common import context, json_view, number

LAYOUTS = ("expand", "shrink", "trim")


@json_view
@require_safe
def list_projects(request: HttpRequest) -> Any:
    return marshal.project_list(context(request))


@json_view
@require_safe
def project_detail(request: HttpRequest, pid: str) -> Any:
    return marshal.project_detail(context(request), int(pid))


@json_view
@require_safe
def list_datasets(request: HttpRequest, pid: str) -> Any:
    return marshal.project_children(context(request), int(pid))


@json_view
@require_safe
def dataset_detail(request: HttpRequest, did: str) -> Any:
    return marshal.dataset_detail(context(request), int(did))


@json_view
@require_safe
def list_images(request: HttpRequest, did: str) -> Any:
    tiled = request.GET.get("tiled", "").lower() in ("1", "true")
    return marshal.dataset_children(context(request), int(did), tiled=tiled)


@json_view
@require_safe
def plate_grid(
    request: HttpRequest, pid: str, field: str | None = None, acquisition: str | None = None
) -> Any:
    """``?layout=expand|shrink|trim``; any other value (or none): ``omero.web.plate_layout``."""
    size = number(request.GET.get("size"), "size")
    layout = request.GET.get("layout", "")
    if layout not in LAYOUTS:
        layout = str(settings.OMERO_CONFIG["omero.web.plate_layout"])
    return marshal.plate_grid(
        context(request),
        int(pid),
        int(field or 0),
        acquisition=None if acquisition is None else int(acquisition),
        thumb=marshal.thumb_url(size or None),
        layout=layout,
    )


@json_view
@require_safe
def well_data(request: HttpRequest, wid: str) -> Any:
    """``wellData/<wid>/`` and OMERO's newer ``well/<wid>/children/`` (``?run=``)."""
    run = number(request.GET.get("run"), "run")
    return marshal.well_data(context(request), int(wid), run)


@json_view
@require_safe
def image_rois(request: HttpRequest, iid: str) -> Any:
    return marshal.image_rois(context(request), int(iid))


@json_view
@require_safe
def search(request: HttpRequest) -> Any:
    return marshal.search(
        context(request),
        request.GET.get("text", ""),
        images_only=request.GET.get("ctx") == "imgs",
        start=number(request.GET.get("start"), "start", 0) or 0,
        limit=number(request.GET.get("limit"), "limit", 0) or 0,
    )
