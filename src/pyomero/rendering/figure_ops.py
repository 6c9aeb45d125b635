"""The drawing operations of a figure's pages (in page points, 1/72 inch, origin top
left), shared by the layout (:mod:`pyomero.rendering.figure`) and the PDF and TIFF
writers that paint them."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pyomero.rendering.errors import InvalidParameterError

Rgb = tuple[int, int, int]


def colour(text: object, default: Rgb = (0, 0, 0)) -> Rgb:
    """``"#FF8800"`` or ``"FF8800"`` as an RGB triple (``default`` when unreadable); an
    alpha byte (``"#FF8800CC"``, as shapes carry it) is left out."""
    value = str(text or "").lstrip("#")
    if not re.fullmatch(r"[0-9A-Fa-f]{6}(?:[0-9A-Fa-f]{2})?", value):
        return default
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


@dataclass(frozen=True)
class Crop:
    """The region of the image a panel shows, in full-resolution pixels."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class PanelImage:
    """Draw the rendering of ``crop`` (rotated and flipped as asked) into a box."""

    panel: dict[str, Any]
    crop: Crop
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Text:
    x: float  # the anchor: left, centre or right edge by ``align``
    y: float  # top of the text
    size: float
    rgb: Rgb
    text: str
    align: str = "left"
    vertical: bool = False  # read bottom to top, anchored at its centre


@dataclass(frozen=True)
class Line:
    points: tuple[tuple[float, float], ...]
    rgb: Rgb
    width: float
    closed: bool = False
    filled: bool = False


@dataclass(frozen=True)
class Ellipse:
    cx: float
    cy: float
    rx: float
    ry: float
    rgb: Rgb
    width: float
    angle: float = 0.0  # degrees, clockwise


@dataclass(frozen=True)
class Ramp:
    """A colour bar's ramp: ``colours`` from the low end of the window to the high end,
    left to right, or bottom to top when ``vertical``."""

    x: float
    y: float
    width: float
    height: float
    colours: tuple[Rgb, ...]
    vertical: bool = False

    def pixels(self) -> NDArray[np.uint8]:
        """The ramp as an image of one row (or, vertical, one column, high end on top)."""
        strip = np.array(self.colours, dtype=np.uint8).reshape(1, -1, 3)
        return strip.transpose(1, 0, 2)[::-1].copy() if self.vertical else strip


Operation = PanelImage | Text | Line | Ellipse | Ramp


@dataclass
class Page:
    width: float
    height: float
    rgb: Rgb = (255, 255, 255)
    operations: list[Operation] = field(default_factory=list)


def number(panel: dict[str, Any], name: str, default: float = 0.0) -> float:
    value = panel.get(name, default)
    try:
        found = float(value)
    except (TypeError, ValueError):
        raise InvalidParameterError(f"panel {name}={value!r} is not a number") from None
    if not math.isfinite(found):
        raise InvalidParameterError(f"panel {name}={value!r} is not a finite number")
    return found
