"""``histogram_json``: the distribution of one channel's values over one plane.

The range is the channel's window min/max (its statistics, else the pixel type's),
as in OMERO; values outside it count in the first or last bin. A plane larger than
``omero.pixeldata.max_plane_width x max_plane_height`` (which OMERO refuses) is
counted at the largest pyramid level that fits.
"""

from __future__ import annotations

import numpy as np

from pyomero.imaging.config import imaging_config
from pyomero.imaging.planes import whole_level
from pyomero.imaging.rendering_defs import imported_settings, load_image
from pyomero.imaging.stores import open_pixels
from pyomero.model.context import EventContext
from pyomero.rendering import InvalidParameterError, ParameterOutOfRangeError

MAX_BINS = 65536


def histogram(
    ctx: EventContext, image_id: object, channel: int, z: int = 0, t: int = 0, bins: int = 256
) -> list[int]:
    """``bins`` counts of channel ``channel``'s values on plane (z, t)."""
    if not 1 <= bins <= MAX_BINS:
        raise InvalidParameterError(
            f"bins={bins} is not between 1 and {MAX_BINS}", parameter="bins"
        )
    loaded = load_image(ctx, image_id)
    pixels = loaded.pixels
    for name, value, size in (
        ("theC", channel, pixels.size_c),
        ("theZ", z, pixels.size_z),
        ("theT", t, pixels.size_t),
    ):
        if not 0 <= value < size:
            raise ParameterOutOfRangeError(
                f"{name}={value} is out of range; the image has {size}", parameter=name
            )
    series = open_pixels(pixels)
    area = whole_level(series, imaging_config().max_plane_pixels)
    plane = series.read_channels(area.level, t, [channel], z, 0, 0, area.height, area.width)[0]
    window = imported_settings(pixels).channels[channel]
    low, high = window.start, window.end
    if high <= low:
        high = low + 1
    values = np.clip(plane.astype(np.float64, copy=False), low, high)
    counts, _ = np.histogram(values, bins=bins, range=(low, high))
    return [int(count) for count in counts]
