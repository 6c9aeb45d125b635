"""Reading the planes a rendering needs: one region of each rendered channel.

Only the chunks of the area at its resolution level are read, all channels at once.
A Z projection reads the stack of the area over the projection's range (refused up
front above ``omero.pixeldata.max_projection_bytes``) and projects each channel.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from pyomero.pixels import NgffSeries
from pyomero.rendering import (
    PlaneRegion,
    Projection,
    RenderSettings,
    check_projection_size,
    project,
    resolve_projection_range,
)

Planes = dict[int, NDArray[Any]]


def whole_level(series: NgffSeries, max_pixels: int) -> PlaneRegion:
    """The whole plane at the largest level of at most ``max_pixels`` pixels.

    OMERO renders a big image's whole plane from a reduced resolution level too.
    """
    levels = series.levels
    for index, level in enumerate(levels):
        if level.size_x * level.size_y <= max_pixels:
            return PlaneRegion(index, 0, 0, level.size_x, level.size_y)
    last = len(levels) - 1
    return PlaneRegion(last, 0, 0, levels[last].size_x, levels[last].size_y)


def read_planes(
    series: NgffSeries,
    settings: RenderSettings,
    area: PlaneRegion,
    z: int,
    t: int,
    *,
    max_projection_bytes: int,
    channels: tuple[int, ...] | None = None,
) -> Planes:
    """The 2-D planes of ``channels`` (default: the rendered ones) over ``area``."""
    wanted = list(settings.rendered_channels if channels is None else channels)
    if not wanted:
        return {}
    box = (area.y, area.x, area.height, area.width)
    size_z = series.metadata.size_z
    if settings.projection is Projection.NORMAL or size_z == 1:
        data = series.read_channels(area.level, t, wanted, z, *box)
        return {c: data[i] for i, c in enumerate(wanted)}
    first, last = resolve_projection_range(
        settings.projection_start, settings.projection_end, size_z
    )
    dtype = series.metadata.dtype
    check_projection_size(area.width, area.height, last - first + 1, dtype, max_projection_bytes)
    stack = np.empty((len(wanted), last - first + 1, area.height, area.width), dtype=dtype)
    for n, plane_z in enumerate(range(first, last + 1)):
        stack[:, n] = series.read_channels(area.level, t, wanted, plane_z, *box)
    return {
        c: project(stack[i], settings.projection, max_bytes=max_projection_bytes)
        for i, c in enumerate(wanted)
    }
