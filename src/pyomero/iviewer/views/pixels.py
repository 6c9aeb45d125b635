"""Pixel values: around a point (``get_intensity/``) and under shapes (``shape_stats/``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.views.decorators.http import require_safe

from pyomero.imaging.intensity import intensities_around
from pyomero.imaging.roi_stats import shape_stats
from pyomero.iviewer.views.params import integer, integers
from pyomero.rendering import InvalidParameterError
from pyomero.webgateway.views._common import context, json_view


@json_view
@require_safe
def get_intensity(request: HttpRequest) -> Any:
    query = request.GET
    channels = integers(query, "c")
    if not channels:
        raise InvalidParameterError("Please supply a valid list of channels", parameter="c")
    return intensities_around(
        context(request),
        integer(query, "image"),
        integer(query, "x"),
        integer(query, "y"),
        integer(query, "z"),
        integer(query, "t"),
        channels,
    )


def _shape_ids(value: str) -> list[int]:
    """``ids=1:2,1:3`` (roi:shape, as iviewer names shapes) or plain shape ids."""
    found = []
    for part in value.split(","):
        shape = part.rpartition(":")[2].strip()
        if not shape:
            continue
        if not shape.isdigit():
            raise InvalidParameterError(f"{part!r} is not a shape id", parameter="ids")
        found.append(int(shape))
    if not found:
        raise InvalidParameterError("Parameters ids, z and t are mandatory", parameter="ids")
    return found


@json_view
@require_safe
def get_shape_stats(request: HttpRequest) -> Any:
    query = request.GET
    channels = integers(query, "cs") or None
    stats = shape_stats(
        context(request),
        _shape_ids(query.get("ids", "")),
        z=integer(query, "z"),
        t=integer(query, "t"),
        channels=channels,
    )
    return {
        str(one.shape_id): [
            {
                "index": c.channel,
                "points": c.points,
                "min": c.min,
                "max": c.max,
                "sum": c.sum,
                "mean": c.mean,
                "std_dev": c.std_dev,
            }
            for c in one.channels
        ]
        for one in stats
    }
