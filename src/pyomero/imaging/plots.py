"""``render_row_plot`` and ``render_col_plot``: intensity profiles as a transparent GIF.

As OMERO's ImageWrapper draws them: a canvas the size of the plane, transparent, a
white line marking the row (or column), and one line per active channel in its colour,
the value scaled from the channel's min/max statistics to the canvas height (width).
"""

from __future__ import annotations

import io
from collections.abc import Collection

import numpy as np
from PIL import Image as PILImage
from PIL import ImageDraw

from pyomero.imaging.config import imaging_config
from pyomero.imaging.render import NO_ETAGS, Prepared, prepare
from pyomero.imaging.rendered import Rendered, conditional
from pyomero.imaging.rendering_defs import imported_settings
from pyomero.model.context import EventContext
from pyomero.rendering import ParameterOutOfRangeError, RegionTooLargeError, RenderQuery
from pyomero.rendering.settings import color_rgb

MAX_LINE_WIDTH = 64
_TRANSPARENT, _WHITE = 0, 2
_PALETTE = [0, 0, 0, 0, 0, 0, 255, 255, 255]


def render_line_plot(
    ctx: EventContext,
    image_id: object,
    query: RenderQuery,
    z: int,
    t: int,
    *,
    axis: str,
    position: int,
    width: int = 1,
    if_none_match: Collection[str] = NO_ETAGS,
) -> Rendered:
    """The profile of row ``position`` (``axis="row"``) or column (``"col"``)."""
    if not 1 <= width <= MAX_LINE_WIDTH:
        raise ParameterOutOfRangeError(
            f"line width {width} is not between 1 and {MAX_LINE_WIDTH}", parameter="w"
        )
    prepared = prepare(ctx, image_id, query, z, t)
    pixels = prepared.loaded.pixels
    if pixels.size_x * pixels.size_y > imaging_config().max_plane_pixels:
        raise RegionTooLargeError("line plots are drawn for planes up to the maximum plane size")
    length = pixels.size_y if axis == "row" else pixels.size_x
    if not 0 <= position < length:
        name = "y" if axis == "row" else "x"
        raise ParameterOutOfRangeError(
            f"{name}={position} is outside the image (0..{length - 1})", parameter=name
        )
    etag = prepared.etag("plot", axis, position, width)
    return conditional(
        etag, "image/gif", if_none_match, lambda: _draw(prepared, axis, position, width)
    )


def _draw(prepared: Prepared, axis: str, position: int, width: int) -> bytes:
    pixels = prepared.loaded.pixels
    size_x, size_y = pixels.size_x, pixels.size_y
    settings = prepared.settings
    active = [i for i, channel in enumerate(settings.channels) if channel.active]
    palette = list(_PALETTE)
    for index in active:
        palette.extend(color_rgb(settings.channels[index].color))
    canvas = PILImage.new("P", (size_x, size_y), _TRANSPARENT)
    canvas.putpalette(palette)
    draw = ImageDraw.Draw(canvas)
    if axis == "row":
        draw.line(((0, position), (size_x, position)), fill=_WHITE, width=width)
        box = (position, 0, 1, size_x)
    else:
        draw.line(((position, 0), (position, size_y)), fill=_WHITE, width=width)
        box = (0, position, size_y, 1)
    if active:
        data = prepared.series.read_channels(0, prepared.t, active, prepared.z, *box)
        windows = imported_settings(pixels).channels
        span = (size_y if axis == "row" else size_x) - 1
        for n, index in enumerate(active):
            low, high = windows[index].start, windows[index].end
            values = data[n].ravel().astype(np.float64)
            scaled = np.clip((values - low) / max(high - low, 1e-12), 0, 1) * span
            points = [int(v) for v in scaled]
            color = _WHITE + 1 + n
            if axis == "row":  # a profile along x, values rising from the bottom
                line = [(i, span - v) for i, v in enumerate(points)]
            else:  # a profile along y, values growing to the right
                line = [(v, i) for i, v in enumerate(points)]
            draw.line(line, fill=color, width=width)
    out = io.BytesIO()
    canvas.save(out, format="GIF", transparency=_TRANSPARENT, optimize=False)
    return out.getvalue()
