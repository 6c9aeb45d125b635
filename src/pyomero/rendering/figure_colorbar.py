"""A panel's colour bar (OMERO.figure's ``colorbar``): the ramp of its first active
channel's colour or lookup table beside the panel, with ticks and labels for the
channel's window, placed as OMERO.figure's export script places them.

``colorbar`` holds ``show``, ``position`` (``left``, ``right``, ``top``, ``bottom``),
``thickness``, ``gap``, ``num_ticks``, ``mark_len``, ``tick_margin``, ``font_size``,
``axis_color`` and ``tick_thickness``; missing values take OMERO.figure's defaults.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from pyomero.rendering.figure_ops import Line, Operation, Ramp, Rgb, Text, colour, number
from pyomero.rendering.lookup import default_luts

#: OMERO.figure's colour bar form defaults.
DEFAULTS: dict[str, Any] = {
    "position": "right",
    "thickness": 15,
    "font_size": 10,
    "axis_color": "000000",
    "num_ticks": 7,
    "mark_len": 3,
    "gap": 5,
    "tick_margin": 2,
    "tick_thickness": 1,
}


def ramp_colours(channel: dict[str, Any]) -> tuple[Rgb, ...]:
    """256 colours from black to the channel's colour, or its lookup table (a LUT that
    is not installed reads as grey), reversed for ``reverseIntensity``."""
    name = str(channel.get("color") or "FFFFFF")
    lut = default_luts().find(name) if name.lower().endswith(".lut") else None
    if lut is not None:
        table = np.asarray(lut.table, dtype=np.uint8)
    else:
        rgb = np.array(colour(name, (255, 255, 255)), dtype=float)
        table = (np.linspace(0, 1, 256)[:, None] * rgb).astype(np.uint8)
    if channel.get("reverseIntensity"):
        table = table[::-1]
    return tuple((int(r), int(g), int(b)) for r, g, b in table)


def tick_labels(start: float, end: float, count: int) -> list[str]:
    """``count`` values from ``start`` to ``end``, with as many decimals as the step
    needs (OMERO.figure's rounding)."""
    step = (end - start) / count if count else 0
    decimals = max(0, math.ceil(-math.log10(step))) if step > 0 else 0
    return [f"{value:.{decimals}f}" for value in np.linspace(start, end, num=count)]


def colorbar(
    panel: dict[str, Any], x: float, y: float, width: float, height: float
) -> Iterator[Operation]:
    """The colour bar's ramp, ticks, labels and axis for a panel at ``x``, ``y``."""
    found = panel.get("colorbar")
    if not isinstance(found, dict) or not found.get("show"):
        return
    channels = [c for c in panel.get("channels") or [] if isinstance(c, dict) and c.get("active")]
    if not channels:
        return
    bar = {**DEFAULTS, **{k: v for k, v in found.items() if v is not None}}
    channel = channels[0]
    found_window = channel.get("window")
    window: dict[str, Any] = found_window if isinstance(found_window, dict) else {}
    count = max(1, int(number(bar, "num_ticks")))
    labels = tick_labels(number(window, "start"), number(window, "end", 255), count)
    gap, thickness = number(bar, "gap"), number(bar, "thickness")
    position = str(bar["position"])
    shares = np.linspace(0, 1, count)
    if position in ("left", "right"):
        left = x - gap - thickness if position == "left" else x + width + gap
        ramp = Ramp(left, y, thickness, height, ramp_colours(channel), vertical=True)
        edge = left if position == "left" else left + thickness
        ticks = [(edge, y + height * share) for share in shares]
        labels = labels[::-1]
    else:
        top = y - gap - thickness if position == "top" else y + height + gap
        ramp = Ramp(x, top, width, thickness, ramp_colours(channel))
        edge = top if position == "top" else top + thickness
        ticks = [(x + width * share, edge) for share in shares]
    yield ramp
    yield from _ticks(bar, position, ramp, labels, ticks)


def _ticks(
    bar: dict[str, Any],
    position: str,
    ramp: Ramp,
    labels: list[str],
    ticks: list[tuple[float, float]],
) -> Iterator[Operation]:
    size, mark = number(bar, "font_size"), number(bar, "mark_len")
    margin, line = number(bar, "tick_margin"), number(bar, "tick_thickness", 1)
    rgb = colour(bar.get("axis_color"), (0, 0, 0))
    vertical = position in ("left", "right")
    outward = -1 if position in ("left", "top") else 1
    align = {"left": "right", "right": "left"}.get(position, "center")
    for index, (label, (tx, ty)) in enumerate(zip(labels, ticks, strict=True)):
        # The end ticks are pulled in by half a line, to align with the panel's edges.
        shift = -line / 2 if index == 0 else line / 2 if index == len(labels) - 1 else 0
        if vertical:
            ty -= shift
            end = (tx + outward * mark, ty)
            text = Text(tx + outward * (mark + margin), ty - size / 2 + 1, size, rgb, label, align)
        else:
            tx -= shift
            end = (tx, ty + outward * mark)
            top = ty - size - mark - margin if outward < 0 else ty + mark + margin
            text = Text(tx, top, size, rgb, label, align)
        if mark > 0:
            yield Line(((tx, ty), end), rgb, line)
        yield text
    if vertical:
        x = ramp.x if position == "left" else ramp.x + ramp.width
        axis = ((x, ramp.y), (x, ramp.y + ramp.height))
    else:
        y = ramp.y if position == "top" else ramp.y + ramp.height
        axis = ((ramp.x, y), (ramp.x + ramp.width, y))
    yield Line(axis, rgb, line)
