"""ROIs: by plane (``rois_by_plane/``), counts per plane (``plane_shape_counts/``),
paging data of a ROI or shape (``<roi|shape>/<id>/page_data/``) and saving the
viewer's edits (``persist_rois``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.views.decorators.http import require_POST, require_safe

from pyomero.api.encoders import Encoder, encode_roi
from pyomero.imaging.plane_rois import PlaneRange, plane_shape_counts, roi_page_data, rois_by_plane
from pyomero.iviewer.decode import roi_edits
from pyomero.iviewer.views.params import integer
from pyomero.model import values
from pyomero.model.access import access_image
from pyomero.model.actions import do_save_roi_edits
from pyomero.model.errors import InputInvalidError
from pyomero.webgateway.views._common import context, json_view

#: The most ROIs in one page (OMERO's JSON API limit).
MAX_LIMIT = 500


def _index(value: str | None) -> int | None:
    return None if value is None else int(value)


@json_view
@require_safe
def plane_rois(
    request: HttpRequest,
    image_id: int,
    the_z: str,
    the_t: str,
    z_end: str | None = None,
    t_end: str | None = None,
) -> Any:
    ctx = context(request)
    planes = PlaneRange(int(the_z), _index(z_end), int(the_t), _index(t_end))
    offset = integer(request.GET, "offset", 0)
    limit = min(MAX_LIMIT, integer(request.GET, "limit", MAX_LIMIT))
    rois, total = rois_by_plane(ctx, image_id, planes, offset, limit)
    encoder = Encoder(ctx)
    return {"data": [encode_roi(encoder, roi) for roi in rois], "meta": {"totalCount": total}}


@json_view
@require_safe
def shape_counts(request: HttpRequest, image_id: int) -> Any:
    return {"data": plane_shape_counts(context(request), image_id)}


@json_view
@require_safe
def page_data(request: HttpRequest, obj_type: str, obj_id: int) -> Any:
    return roi_page_data(context(request), obj_type, obj_id)


@json_view
@require_POST
def persist_rois(request: HttpRequest) -> Any:
    body = values.loads(request.body)
    if not isinstance(body, dict) or body.get("imageId") is None:
        raise InputInvalidError("No image id provided!")
    ctx = context(request)
    image = access_image(ctx, body["imageId"])
    return {"ids": do_save_roi_edits(ctx, image, roi_edits(body.get("rois")))}
