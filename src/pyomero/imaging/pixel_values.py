"""Raw pixel values at a point, as stored: what a viewer shows under the cursor.

One use case serves both viewers: pyomero's viewer asks for the pixel itself
(``reach=0``, then :meth:`PixelWindow.values_at`); OMERO.iviewer's ``get_intensity``
asks for the square of :data:`IVIEWER_REACH` pixels on each side, clipped to the image,
so that it need not ask the server at every mouse move. Values are read from the
full-resolution level of the stored pyramid (never from a rendered image), one read
per channel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pyomero.imaging.rendering_defs import load_image
from pyomero.imaging.stores import open_pixels
from pyomero.model.context import EventContext
from pyomero.rendering import ParameterOutOfRangeError

#: Pixels OMERO.iviewer's ``get_intensity`` reads on each side of the point.
IVIEWER_REACH = 25


@dataclass(frozen=True)
class PixelValue:
    channel: int
    value: float | int


@dataclass(frozen=True)
class PixelWindow:
    """``data[i, row, column]`` is channel ``channels[i]`` at (left + column, top + row)."""

    left: int
    top: int
    channels: list[int]
    data: np.ndarray

    def values_at(self, x: int, y: int) -> list[PixelValue]:
        return [
            PixelValue(c, self.data[i, y - self.top, x - self.left].item())
            for i, c in enumerate(self.channels)
        ]


def pixel_window(
    ctx: EventContext,
    image_id: object,
    x: int,
    y: int,
    *,
    z: int = 0,
    t: int = 0,
    channels: Sequence[int] | None = None,
    reach: int = 0,
) -> PixelWindow:
    """The values of ``channels`` (all by default, each once) on plane (z, t) within
    ``reach`` pixels of (x, y), clipped to the image; a point or channel outside the
    image is a :class:`ParameterOutOfRangeError` naming the parameter at fault."""
    pixels = load_image(ctx, image_id, lean=True).pixels
    wanted = list(range(pixels.size_c)) if channels is None else list(dict.fromkeys(channels))
    for name, value, size in (
        ("x", x, pixels.size_x),
        ("y", y, pixels.size_y),
        ("z", z, pixels.size_z),
        ("t", t, pixels.size_t),
        *(("c", c, pixels.size_c) for c in wanted),
    ):
        if not 0 <= value < size:
            raise ParameterOutOfRangeError(
                f"{name}={value} is out of range; the image has {size}", parameter=name
            )
    left, top = max(0, x - reach), max(0, y - reach)
    right, bottom = min(pixels.size_x, x + reach + 1), min(pixels.size_y, y + reach + 1)
    if not wanted:
        return PixelWindow(left, top, [], np.zeros((0, bottom - top, right - left)))
    data = open_pixels(pixels).read_channels(0, t, wanted, z, top, left, bottom - top, right - left)
    return PixelWindow(left, top, wanted, data)
