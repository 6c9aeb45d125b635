"""Image data: ``image_data/<id>/``, ``.../delta_t/``, the image of a ROI or a shape,
and the images of a well (``well_images/?id=``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.views.decorators.http import require_safe

from pyomero.imaging.viewer_info import delta_t, image_of, viewer_image_data, well_images
from pyomero.iviewer.views.params import integer
from pyomero.webgateway.views._common import context, json_view

#: OMERO.iviewer's page of well images when it asks for none.
WELL_PAGE = 10


@json_view
@require_safe
def image_data(request: HttpRequest, image_id: int) -> Any:
    return viewer_image_data(context(request), image_id)


@json_view
@require_safe
def image_delta_t(request: HttpRequest, image_id: int) -> Any:
    return delta_t(context(request), image_id)


@json_view
@require_safe
def roi_image_data(request: HttpRequest, obj_type: str, obj_id: int) -> Any:
    ctx = context(request)
    return viewer_image_data(ctx, image_of(ctx, obj_type, obj_id))


@json_view
@require_safe
def well_image_list(request: HttpRequest) -> Any:
    well_id = integer(request.GET, "id")
    offset = integer(request.GET, "offset", 0)
    limit = integer(request.GET, "limit", WELL_PAGE)
    return well_images(context(request), well_id, offset, limit)
