"""Image data: ``image_data/<id>/``, ``.../delta_t/``, the image of a ROI or a shape,
the images of a well (``well_images/?id=``), and saving a Z projection as an image."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_http_methods, require_safe

from pyomero.imaging import projected_image
from pyomero.imaging.viewer_info import delta_t, image_of, viewer_image_data, well_images
from pyomero.iviewer.views.params import integer
from pyomero.rendering import InvalidParameterError, Projection
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


@json_view
@require_http_methods(["GET", "POST"])
def save_projection(request: HttpRequest) -> Any:
    """``save_projection/?image=&projection=intmax|intmean|intsum&start=&end=&dataset=``:
    ``{"id": <new image>}``.

    OMERO.iviewer sends this write as a GET (OMERO accepts it), so a GET must come
    from a script of the site (jQuery's ``X-Requested-With`` header, which another
    site's page cannot send): a link or an image elsewhere cannot make projections.
    A POST goes through the CSRF check as any other.
    """
    if request.method == "GET" and request.headers.get("X-Requested-With") != "XMLHttpRequest":
        return JsonResponse(
            {"message": "send this request from a script", "code": "forbidden"}, status=403
        )
    query = request.GET
    try:
        projection = Projection(query.get("projection", ""))
    except ValueError:
        raise InvalidParameterError("Projection type not listed", parameter="projection") from None
    dataset = integer(query, "dataset") if query.get("dataset") else None
    image = projected_image.save_projection(
        context(request),
        integer(query, "image"),
        projection,
        integer(query, "start") if query.get("start") else None,
        integer(query, "end") if query.get("end") else None,
        dataset_id=dataset,
    )
    return {"id": image.pk}
