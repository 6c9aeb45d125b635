"""Raw pixel values around a point, for a viewer that shows the value under the cursor
without asking the server at every mouse move (OMERO.iviewer's ``get_intensity``).

The square of :data:`REACH` pixels on each side of (x, y), clipped to the image, is read
from the full-resolution level of the pyramid for each channel asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pyomero.imaging.rendering_defs import load_image
from pyomero.imaging.stores import open_pixels
from pyomero.model.context import EventContext
from pyomero.rendering import ParameterOutOfRangeError

#: Pixels read on each side of the point.
REACH = 25


def intensities_around(
    ctx: EventContext, image_id: object, x: int, y: int, z: int, t: int, channels: Sequence[int]
) -> dict[str, Any]:
    """``{"count": n, "pixels": {"<x>-<y>": {"<c>": value}}}`` around (x, y)."""
    pixels = load_image(ctx, image_id, lean=True).pixels
    for name, value, size in (
        ("x", x, pixels.size_x),
        ("y", y, pixels.size_y),
        ("z", z, pixels.size_z),
        ("t", t, pixels.size_t),
        *(("c", c, pixels.size_c) for c in channels),
    ):
        if not 0 <= value < size:
            raise ParameterOutOfRangeError(
                f"{name}={value} is out of range; the image has {size}", parameter=name
            )
    if not channels:
        raise ParameterOutOfRangeError("no channel asked", parameter="c")
    left, top = max(0, x - REACH), max(0, y - REACH)
    right, bottom = min(pixels.size_x, x + REACH + 1), min(pixels.size_y, y + REACH + 1)
    wanted = list(dict.fromkeys(channels))
    data = open_pixels(pixels).read_channels(0, t, wanted, z, top, left, bottom - top, right - left)
    found: dict[str, dict[str, Any]] = {}
    for row in range(top, bottom):
        for column in range(left, right):
            found[f"{column}-{row}"] = {
                str(c): data[i, row - top, column - left].item() for i, c in enumerate(wanted)
            }
    return {"count": len(found) * len(wanted), "pixels": found}
