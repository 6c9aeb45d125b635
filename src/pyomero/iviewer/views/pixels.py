"""Pixel values: around a point (``get_intensity/``) and under shapes (``shape_stats/``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.views.decorators.http import require_safe

from pyomero.imaging.pixel_values import IVIEWER_REACH, pixel_window
from pyomero.imaging.roi_stats import shape_stats
from pyomero.iviewer.views.params import integer, integers
from pyomero.rendering import InvalidParameterError
from pyomero.webgateway.views._common import context, json_view


@json_view
@require_safe
def get_intensity(request: HttpRequest) -> Any:
    """``{"count": n, "pixels": {"<x>-<y>": {"<c>": value}}}`` around (x, y)."""
    query = request.GET
    channels = integers(query, "c")
    if not channels:
        raise InvalidParameterError("Please supply a valid list of channels", parameter="c")
    window = pixel_window(
        context(request),
        integer(query, "image"),
        integer(query, "x"),
        integer(query, "y"),
        z=integer(query, "z"),
        t=integer(query, "t"),
        channels=channels,
        reach=IVIEWER_REACH,
    )
    rows, columns = window.data.shape[1:]
    found = {
        f"{window.left + column}-{window.top + row}": {
            str(c): window.data[i, row, column].item() for i, c in enumerate(window.channels)
        }
        for row in range(rows)
        for column in range(columns)
    }
    return {"count": len(found) * len(window.channels), "pixels": found}


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
        str(one.shape_id): [{"index": c.channel, **c.figures()} for c in one.channels]
        for one in stats
    }
