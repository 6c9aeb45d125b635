"""What the figure reads about images: ``imgData/``, ``timestamps/``, ``pixels_type/``,
``z_scale/``, ``images_details/``, ``roiCount/``, ``roiRectangles/``, rendered regions
at a scale (``render_scaled_region/``) and the placeholder of a projection too large
to render (``max_projection_range_exceeded/``)."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe
from PIL import Image, ImageDraw, ImageFont

from pyomero.api.encoders import encode_roi
from pyomero.api.encoders.base import Encoder
from pyomero.imaging import figures
from pyomero.rendering import ImageFormat, InvalidParameterError, encode, parse_query
from pyomero.webgateway.views._common import context, image_view, json_view


def _image_ids(request: HttpRequest) -> list[str]:
    """``?image=1&image=2`` or ``?image=1,2`` (the figure uses both)."""
    return [part for value in request.GET.getlist("image") for part in value.split(",") if part]


@json_view
@require_safe
def image_data(request: HttpRequest, image_id: int) -> Any:
    return figures.figure_image_data(context(request), image_id)


@json_view
@require_safe
def timestamps(request: HttpRequest) -> Any:
    return figures.timestamps(context(request), _image_ids(request))


@json_view
@require_safe
def pixels_type(request: HttpRequest) -> Any:
    return figures.pixel_types(context(request), _image_ids(request))


@json_view
@require_safe
def z_scale(request: HttpRequest) -> Any:
    return figures.z_scales(context(request), _image_ids(request))


@json_view
@require_safe
def images_details(request: HttpRequest) -> Any:
    return {"data": figures.images_details(context(request), _image_ids(request))}


@json_view
@require_safe
def roi_count(request: HttpRequest, image_id: int) -> Any:
    shapes = request.GET.get("shapes", "") not in ("", "false", "0")
    return figures.roi_counts(context(request), image_id, shapes=shapes)


@json_view
@require_safe
def unit_conversion(request: HttpRequest, value: str, from_unit: str, to_unit: str) -> Any:
    try:
        number = float(value)
    except ValueError:
        raise InvalidParameterError(f"{value!r} is not a number", parameter="value") from None
    return figures.convert_length(number, from_unit, to_unit)


@image_view
@require_safe
def render_scaled_region(request: HttpRequest, iid: int, z: int, t: int) -> HttpResponse:
    """``?region=x,y,w,h`` (full-resolution coordinates, may reach past the edges) at
    the finest level under ``max_size`` (default 2000) pixels."""
    query = request.GET.copy()
    region = figures.Region.parse(query.pop("region", [""])[0])
    max_size = query.pop("max_size", ["2000"])[0]
    if not max_size.isdigit():
        raise InvalidParameterError(f"max_size={max_size!r} is not a number", parameter="max_size")
    rendered = figures.scaled_region_array(
        context(request), iid, parse_query(query), z, t, region, int(max_size)
    )
    return HttpResponse(encode(rendered, ImageFormat.JPEG, 0.9), content_type="image/jpeg")


@image_view
@require_safe
def max_projection_range_exceeded(
    request: HttpRequest, iid: int, z: int | None = None, t: int | None = None
) -> HttpResponse:
    """A dark square that says the projection is off (the figure shows it instead)."""
    message = "Max Z projection disabled"
    font = ImageFont.load_default(20)
    _, _, right, bottom = font.getbbox(message)
    side = right + 10
    picture = Image.new("RGB", (side, side), (5, 0, 0))
    ImageDraw.Draw(picture).text(
        ((side - right) / 2, (side - bottom) / 2), message, font=font, fill=(255, 255, 255)
    )
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90)
    return HttpResponse(out.getvalue(), content_type="image/jpeg")


@json_view
@require_safe
def roi_rectangles(request: HttpRequest, image_id: int) -> Any:
    """The image's ROIs that hold rectangles, with only those, OMERO-marshalled:
    ``{"data": [...], "meta": {"totalCount"}}``; ``?offset=&limit=`` page them."""
    ctx = context(request)
    offset = _count(request, "offset", 0)
    limit = _count(request, "limit", None)
    rois, total = figures.rectangle_rois(ctx, image_id, offset, limit)
    encoder = Encoder(ctx)
    return {"data": [encode_roi(encoder, roi) for roi in rois], "meta": {"totalCount": total}}


def _count(request: HttpRequest, name: str, default: int | None) -> int | None:
    value = request.GET.get(name, "")
    if value == "":
        return default
    if not value.isdigit():
        raise InvalidParameterError(f"{name}={value!r} is not a number", parameter=name)
    if int(value) >= 2**31:  # an offset or a limit no database takes
        raise InvalidParameterError(f"{name}={value} is out of range", parameter=name)
    return int(value)
