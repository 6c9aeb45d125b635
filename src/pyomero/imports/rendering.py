"""OMERO's default rendering settings of a new image, from ``rendering.defaults``: the
same settings go into the pyramid's ``omero`` block and (through imaging's
``stored_fields``) the owner's RenderingDef."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pyomero.imports.mapping import nanometres
from pyomero.pixels import ChannelStats, SeriesMetadata
from pyomero.pixels.ngff import WRITE_VERSION
from pyomero.rendering import ChannelInfo, RenderSettings, default_settings


def default_rendering(meta: SeriesMetadata, stats: Sequence[ChannelStats] | None) -> RenderSettings:
    """OMERO's defaults for ``meta`` with channel min/max ``stats`` (None: not computed)."""
    infos = []
    for index, channel in enumerate(meta.channels):
        found = stats[index] if stats is not None and index < len(stats) else None
        infos.append(
            ChannelInfo(
                name=channel.name,
                color=channel.color,
                emission_wavelength=nanometres(channel.emission_wavelength),
                min=found.min if found else None,
                max=found.max if found else None,
            )
        )
    return default_settings(infos, meta.pixel_type.value, meta.size_z)


def omero_block(
    meta: SeriesMetadata, settings: RenderSettings, stats: Sequence[ChannelStats] | None
) -> dict[str, Any]:
    """The NGFF ``omero`` block of ``settings``."""
    channels = []
    for index, (channel, binding) in enumerate(zip(meta.channels, settings.channels, strict=True)):
        found = stats[index] if stats is not None and index < len(stats) else None
        low, high = (found.min, found.max) if found else (binding.start, binding.end)
        channels.append(
            {
                "active": binding.active,
                "coefficient": binding.coefficient,
                "color": binding.color,
                "family": binding.family.value,
                "inverted": binding.inverted,
                "label": channel.name or f"Channel {index + 1}",
                "window": {"min": low, "max": high, "start": binding.start, "end": binding.end},
            }
        )
    return {
        "name": meta.name,
        "version": WRITE_VERSION,
        "channels": channels,
        "rdefs": {
            "defaultZ": settings.default_z,
            "defaultT": settings.default_t,
            "model": settings.model.value,
        },
    }
