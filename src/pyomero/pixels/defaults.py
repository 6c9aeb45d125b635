"""OMERO's rules for default rendering settings, from metadata and channel statistics.

The store's ``omero`` block is written with these; the import use case builds the default
RenderingDef from the same functions, so the two never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pyomero.pixels.metadata import Channel, PixelType, SeriesMetadata

RED, GREEN, BLUE = "FF0000", "00FF00", "0000FF"


@dataclass(frozen=True)
class ChannelStats:
    """The smallest and largest value of one channel over all planes (OMERO's StatsInfo)."""

    min: float
    max: float


def channel_color(channel: Channel, index: int) -> str:
    """The file's colour, else by emission wavelength (< 500 nm blue, 500-559 green,
    >= 560 red), else red, green, blue by index."""
    if channel.color:
        return channel.color
    if channel.emission_wavelength is not None:
        try:
            nm = channel.emission_wavelength.to("nm")
        except ValueError:
            nm = float("nan")
        if nm == nm:
            return BLUE if nm < 500 else GREEN if nm < 560 else RED
    return (RED, GREEN, BLUE)[index % 3]


def channel_window(pixel_type: PixelType, stats: ChannelStats | None) -> tuple[float, float]:
    """The default window: the channel's min/max, else the pixel type's range."""
    if stats is None:
        return pixel_type.range
    return (stats.min, stats.max)


def default_model(size_c: int) -> str:
    return "color" if 1 < size_c < 8 else "greyscale"


def omero_block(metadata: SeriesMetadata, stats: tuple[ChannelStats, ...] | None) -> dict[str, Any]:
    """The NGFF ``omero`` rendering block with OMERO's default settings."""
    channels = []
    for index, channel in enumerate(metadata.channels):
        low, high = channel_window(
            metadata.pixel_type, stats[index] if stats and index < len(stats) else None
        )
        channels.append(
            {
                "active": index < 3,
                "coefficient": 1.0,
                "color": channel_color(channel, index),
                "family": "linear",
                "inverted": False,
                "label": channel.name or f"Channel {index + 1}",
                "window": {"min": low, "max": high, "start": low, "end": high},
            }
        )
    return {
        "name": metadata.name,
        "version": "0.4",
        "channels": channels,
        "rdefs": {
            "defaultZ": metadata.size_z // 2,
            "defaultT": 0,
            "model": default_model(metadata.size_c),
        },
    }
