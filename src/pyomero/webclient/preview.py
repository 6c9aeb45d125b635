"""What the panel's Preview section shows of an image: its current rendering settings
(the user's own, else the owner's, else the imported ones) as controls and ``c=``."""

from __future__ import annotations

from dataclasses import dataclass

from pyomero.imaging.render import is_tiled
from pyomero.imaging.rendering_defs import imported_settings, pick_rendering_def, settings_of
from pyomero.imaging.stores import open_pixels
from pyomero.model.context import EventContext
from pyomero.model.models import Channel, Image, Pixels, PixelsState, RenderingDef
from pyomero.rendering import channels_query, format_channels, pixels_dtype, type_range


@dataclass(frozen=True)
class PreviewChannel:
    index: int
    label: str
    active: bool
    start: str  # numbers as the inputs show them: "200", "0.5"
    end: str
    spec: str  # the colour ("FF0000") or LUT name the channel is rendered with
    low: str  # the window's bounds: an integer type's range ("" for floats)
    high: str


@dataclass(frozen=True)
class Preview:
    z: int
    t: int
    c: str
    channels: list[PreviewChannel]
    can_save: bool
    tile: str  # "" renders the whole plane; else ``tile=`` of a level that fits PREVIEW_SIZE


PREVIEW_SIZE = 1024  # the longest side the preview asks the server to render


def preview_of(
    ctx: EventContext, image: Image, pixels: Pixels, rows: list[Channel], can_save: bool
) -> Preview | None:
    """The preview of ``image`` (which ctx sees) from its ``pixels`` and channel ``rows``,
    or None when it has no pixels to render (yet). Costs one query, two with settings."""
    if not pixels.path or pixels.state != PixelsState.READY:
        return None
    imported = imported_settings(pixels, rows)
    owners = {ctx.user_id, image.owner_id}
    rdefs = RenderingDef.objects.filter(pixels=pixels, owner_id__in=owners)
    rdef = pick_rendering_def(
        rdefs.prefetch_related("channel_bindings"), ctx.user_id, image.owner_id
    )
    settings = imported if rdef is None else settings_of(rdef, pixels)
    labels = {row.index: row.name for row in rows}
    dtype = pixels_dtype(pixels.pixels_type)
    low, high = (_number(v) for v in type_range(dtype)) if dtype.kind in "iub" else ("", "")
    channels = [
        PreviewChannel(
            index=index,
            label=labels.get(index) or f"Channel {index + 1}",
            active=channel.active,
            start=_number(channel.start),
            end=_number(channel.end),
            spec=channel.lut or channel.color,
            low=low,
            high=high,
        )
        for index, channel in enumerate(settings.channels)
    ]
    return Preview(
        z=settings.default_z,
        t=settings.default_t,
        c=format_channels(channels_query(settings.channels)),
        channels=channels,
        can_save=can_save,
        tile=_fitting_tile(pixels),
    )


def _fitting_tile(pixels: Pixels) -> str:
    """``"level,0,0,w,h"``: the whole plane at the sharpest pyramid level whose longest
    side is at most PREVIEW_SIZE, or "" when the full-resolution plane fits already, so
    that a gigapixel image's preview reads a small level, never the whole plane. Only
    a tiled image (imgData's ``tiles``) offers its levels to clients, as in OMERO."""
    series = open_pixels(pixels)
    if not is_tiled(series, pixels):
        return ""
    levels = series.levels
    for index, level in enumerate(levels):
        if max(level.size_x, level.size_y) <= PREVIEW_SIZE:
            return "" if index == 0 else f"{index},0,0,{level.size_x},{level.size_y}"
    last = levels[-1]  # a source's own pyramid may stop above the size: its top-left
    width, height = min(last.size_x, PREVIEW_SIZE), min(last.size_y, PREVIEW_SIZE)
    return f"{len(levels) - 1},0,0,{width},{height}"


def _number(value: float) -> str:
    """``200.0`` -> ``"200"``, ``0.5`` -> ``"0.5"``, never in exponent form."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))
