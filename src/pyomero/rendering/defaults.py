"""OMERO's default rendering settings for a newly imported image.

- ``default_z = size_z // 2``, ``default_t = 0``;
- the colour model when ``1 < size_c < 8``, greyscale otherwise;
- the first three channels active (all of them when there are fewer);
- the window is the channel's min/max statistics, or the pixel type's range when they are
  missing (0..1 for floating point);
- linear family, coefficient 1, not inverted;
- the colour is the file's, else chosen from the emission wavelength (below 500 nm
  blue, 500 to 559 nm green, from 560 nm red), else red, green, blue by channel index,
  cycling (index % 3) past the third channel, as OMERO's ColorsFactory does.

OMERO's server prefers the wavelength to a colour stored in the file; pyomero follows
the import issue's rule (the file's colour first), since a file that names a colour
usually means it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from pyomero.rendering.pixeltypes import pixels_dtype, type_range
from pyomero.rendering.settings import ChannelSettings, Model, RenderSettings, parse_color

BLUE: Final = "0000FF"
GREEN: Final = "00FF00"
RED: Final = "FF0000"
#: Colours by channel index when a channel has neither a colour nor a wavelength.
INDEX_COLORS: Final = (RED, GREEN, BLUE)
#: Channels active by default.
ACTIVE_CHANNELS: Final = 3
#: The colour model is used for images with more than 1 and fewer than this many channels.
COLOR_MODEL_MAX_CHANNELS: Final = 8


@dataclass(frozen=True, slots=True)
class ChannelInfo:
    """What an import knows of a channel: name, colour, emission wavelength, statistics."""

    name: str | None = None
    color: str | None = None
    emission_wavelength: float | None = None
    min: float | None = None
    max: float | None = None


def wavelength_color(nanometres: float) -> str:
    """The colour OMERO associates with an emission wavelength in nanometres."""
    if nanometres < 500:
        return BLUE
    if nanometres < 560:
        return GREEN
    return RED


def default_color(index: int, channel: ChannelInfo) -> str:
    """The file's colour, else the wavelength's, else red/green/blue by ``index % 3``."""
    if channel.color:
        return parse_color(channel.color, parameter="color")
    if channel.emission_wavelength is not None and channel.emission_wavelength > 0:
        return wavelength_color(channel.emission_wavelength)
    return INDEX_COLORS[index % len(INDEX_COLORS)]


def default_window(channel: ChannelInfo, dtype: np.dtype[np.generic]) -> tuple[float, float]:
    """The channel's min/max, or the pixel type's range when either is missing."""
    low, high = type_range(dtype)
    start = low if channel.min is None or not np.isfinite(channel.min) else float(channel.min)
    end = high if channel.max is None or not np.isfinite(channel.max) else float(channel.max)
    return (start, end) if start <= end else (low, high)


def default_settings(
    channels: Sequence[ChannelInfo],
    pixels_type: str | np.dtype[np.generic],
    size_z: int = 1,
) -> RenderSettings:
    """OMERO's default rendering settings for an image with these channels."""
    dtype = pixels_dtype(pixels_type)
    size_c = len(channels)
    bindings = []
    for index, channel in enumerate(channels):
        start, end = default_window(channel, dtype)
        bindings.append(
            ChannelSettings(
                active=index < ACTIVE_CHANNELS,
                start=start,
                end=end,
                color=default_color(index, channel),
            )
        )
    model = Model.COLOR if 1 < size_c < COLOR_MODEL_MAX_CHANNELS else Model.GREYSCALE
    return RenderSettings(
        channels=tuple(bindings), model=model, default_z=max(size_z, 1) // 2, default_t=0
    )
