"""The raw values of one pixel: what the viewer shows under the cursor.

Read from the full-resolution level of the stored pyramid (never from a rendered
image), one chunk per channel at most.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pyomero.imaging.rendering_defs import load_image
from pyomero.imaging.stores import open_pixels
from pyomero.model.context import EventContext
from pyomero.rendering import ParameterOutOfRangeError


@dataclass(frozen=True)
class PixelValue:
    channel: int
    value: float | int


def pixel_values(
    ctx: EventContext,
    image_id: object,
    x: int,
    y: int,
    *,
    z: int = 0,
    t: int = 0,
    channels: Sequence[int] | None = None,
) -> list[PixelValue]:
    """The value of pixel (x, y) on plane (z, t) in each of ``channels`` (all by default)."""
    pixels = load_image(ctx, image_id, lean=True).pixels
    wanted = list(range(pixels.size_c)) if channels is None else list(channels)
    for name, value, size in (
        ("x", x, pixels.size_x),
        ("y", y, pixels.size_y),
        ("theZ", z, pixels.size_z),
        ("theT", t, pixels.size_t),
        *(("theC", c, pixels.size_c) for c in wanted),
    ):
        if not 0 <= value < size:
            raise ParameterOutOfRangeError(
                f"{name}={value} is out of range; the image has {size}", parameter=name
            )
    if not wanted:
        return []
    data = open_pixels(pixels).read_channels(0, t, wanted, z, y, x, 1, 1)
    return [PixelValue(c, data[i, 0, 0].item()) for i, c in enumerate(wanted)]
