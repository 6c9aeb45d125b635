"""Pictures of ROI shapes: ``render_shape_mask`` (PNG), ``render_shape_thumbnail`` and
``render_roi_thumbnail`` (JPEG, ``?color=f00|0f0|00f|ff0|fff|000`` for the outline)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from pyomero.imaging import shapes
from pyomero.webgateway.views._common import context, image_view


@image_view
@require_safe
def render_shape_mask(request: HttpRequest, shape_id: str) -> HttpResponse:
    png = shapes.mask_png(context(request), int(shape_id))
    return HttpResponse(png, content_type="image/png")


@image_view
@require_safe
def render_shape_thumbnail(request: HttpRequest, shape_id: str) -> HttpResponse:
    colour = request.GET.get("color", "fff")
    jpeg = shapes.shape_thumbnail(context(request), int(shape_id), colour)
    return HttpResponse(jpeg, content_type="image/jpeg")


@image_view
@require_safe
def render_roi_thumbnail(request: HttpRequest, roi_id: str) -> HttpResponse:
    colour = request.GET.get("color", "fff")
    jpeg = shapes.roi_thumbnail(context(request), int(roi_id), colour)
    return HttpResponse(jpeg, content_type="image/jpeg")
