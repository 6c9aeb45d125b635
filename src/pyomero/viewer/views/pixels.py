"""``<iid>/pixel/?x=&y=&z=&t=&c=``: the raw values under the viewer's cursor."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.views.decorators.http import require_safe

from pyomero.imaging.pixel_values import pixel_window
from pyomero.rendering import InvalidParameterError
from pyomero.viewer.views._json import channels, context, index, json_view


@json_view
@require_safe
def pixel(request: HttpRequest, iid: int) -> Any:
    """``{"x", "y", "z", "t", "values": [{"channel", "value"}]}`` (0-based indices)."""
    if "x" not in request.GET or "y" not in request.GET:
        raise InvalidParameterError("x and y are required", parameter="x")
    x, y, z, t = (index(request, name) for name in ("x", "y", "z", "t"))
    window = pixel_window(context(request), iid, x, y, z=z, t=t, channels=channels(request))
    found = window.values_at(x, y)
    values = [{"channel": v.channel, "value": v.value} for v in found]
    return {"x": x, "y": y, "z": z, "t": t, "values": values}
