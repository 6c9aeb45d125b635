"""An image's rendering settings (pyomero's extension), in imgData's names.

``settings`` are what the user sees the image with (their own rendering def, else
the owner's, else the imported defaults: :func:`pyomero.imaging.load_image`).
"""

from __future__ import annotations

from collections.abc import Sequence

from pyomero.api.schema import Json
from pyomero.imaging.image_data import PIXEL_RANGES, channel_label
from pyomero.model.models import Channel, Pixels
from pyomero.rendering import ChannelSettings, RenderSettings


def encode_rendering_channel(
    settings: ChannelSettings, row: Channel | None, index: int, pixels_type: str
) -> Json:
    low, high = PIXEL_RANGES.get(pixels_type, (0, 255))
    encoded: Json = {
        "label": channel_label(row, index),
        "active": settings.active,
        "color": settings.color,
        "family": settings.family.value,
        "coefficient": settings.coefficient,
        "inverted": settings.inverted,
        "window": {
            "start": settings.start,
            "end": settings.end,
            "min": row.stats_min if row and row.stats_min is not None else low,
            "max": row.stats_max if row and row.stats_max is not None else high,
        },
    }
    if settings.lut:
        encoded["lut"] = settings.lut
    return encoded


def encode_rendering(
    settings: RenderSettings,
    pixels: Pixels,
    channels: Sequence[Channel],
    *,
    rdef_id: int | None,
    owner_id: int | None,
) -> Json:
    by_index = {row.index: row for row in channels}
    encoded: Json = {"@type": "TBD#RenderingDef"}
    if rdef_id is not None:
        encoded["@id"] = rdef_id
    if owner_id is not None:
        encoded["omero:owner"] = owner_id
    encoded["omero:image"] = pixels.image_id
    encoded["model"] = settings.model.value
    encoded["projection"] = settings.projection.value
    encoded["defaultZ"] = settings.default_z
    encoded["defaultT"] = settings.default_t
    encoded["channels"] = [
        encode_rendering_channel(channel, by_index.get(i), i, pixels.pixels_type)
        for i, channel in enumerate(settings.channels)
    ]
    return encoded
