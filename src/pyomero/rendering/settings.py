"""Rendering settings as values: what OMERO's RenderingDef and ChannelBinding say.

These are what the renderer consumes. The model layer stores them (``RenderingDef``,
``ChannelBinding``); the query parser produces overrides that :func:`apply_query`
(in :mod:`pyomero.rendering.apply`) lays over them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum

from pyomero.rendering.errors import InvalidParameterError


class Model(StrEnum):
    """Colour model: additive composite of the active channels, or the first one in grey.

    OMERO stores ``rgb``/``greyscale`` and says ``color``/``greyscale`` in imgData;
    the query language says ``m=c`` / ``m=g``.
    """

    COLOR = "color"
    GREYSCALE = "greyscale"


class Family(StrEnum):
    """Quantization family: the curve from the window to the 0-255 intensity."""

    LINEAR = "linear"
    POLYNOMIAL = "polynomial"
    EXPONENTIAL = "exponential"
    LOGARITHMIC = "logarithmic"


class Projection(StrEnum):
    """Z projection applied before quantization, as OMERO's ``p=`` names them."""

    NORMAL = "normal"
    INTMAX = "intmax"
    INTMEAN = "intmean"
    INTSUM = "intsum"


_HEX = re.compile(r"[0-9A-Fa-f]+")
_LUT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+\- ]*\.lut", re.IGNORECASE)


def parse_color(text: str, *, parameter: str = "c") -> str:
    """``"F00"``, ``"ff0000"`` or ``"FF0000FF"`` (alpha ignored) -> ``"FF0000"``."""
    if not _HEX.fullmatch(text) or len(text) not in (3, 6, 8):
        raise InvalidParameterError(
            f"colour {text!r} is not RRGGBB hexadecimal", parameter=parameter
        )
    if len(text) == 3:
        text = "".join(digit * 2 for digit in text)
    return text[:6].upper()


def is_lut_name(text: str) -> bool:
    """True for a lookup table file name such as ``fire.lut`` or ``3-3-2_rgb.lut``."""
    return bool(_LUT_NAME.fullmatch(text))


def color_rgb(color: str) -> tuple[int, int, int]:
    """``"FF8000"`` -> ``(255, 128, 0)``."""
    value = int(color, 16)
    return (value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF


def _check_window(start: float, end: float) -> None:
    if not (math.isfinite(start) and math.isfinite(end)):
        raise InvalidParameterError("window start and end must be finite", parameter="c")


@dataclass(frozen=True, slots=True)
class ChannelSettings:
    """One channel's binding: active flag, window, colour or LUT, curve, inversion."""

    active: bool = True
    start: float = 0.0
    end: float = 255.0
    color: str = "FFFFFF"
    lut: str | None = None
    family: Family = Family.LINEAR
    coefficient: float = 1.0
    inverted: bool = False

    def __post_init__(self) -> None:
        for name in ("start", "end", "coefficient"):
            object.__setattr__(self, name, float(getattr(self, name)))
        _check_window(self.start, self.end)
        if self.color != parse_color(self.color):
            raise InvalidParameterError(
                f"colour {self.color!r} must be upper-case RRGGBB", parameter="c"
            )
        if self.lut is not None and not is_lut_name(self.lut):
            raise InvalidParameterError(f"{self.lut!r} is not a .lut name", parameter="c")
        if not (math.isfinite(self.coefficient) and self.coefficient > 0):
            raise InvalidParameterError(
                f"coefficient {self.coefficient!r} must be a positive number", parameter="maps"
            )

    @property
    def color_or_lut(self) -> str:
        """What the ``c=`` language writes after ``$``: the LUT name, else the colour."""
        return self.lut or self.color


@dataclass(frozen=True, slots=True)
class RenderSettings:
    """A whole rendering definition: channels, model, projection, default plane."""

    channels: tuple[ChannelSettings, ...]
    model: Model = Model.COLOR
    projection: Projection = Projection.NORMAL
    projection_start: int | None = None
    projection_end: int | None = None
    default_z: int = 0
    default_t: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.channels, tuple):
            object.__setattr__(self, "channels", tuple(self.channels))

    @property
    def rendered_channels(self) -> tuple[int, ...]:
        """Indexes of the channels whose planes the renderer reads, in order.

        Every active channel in the colour model; only the first active one in greyscale.
        """
        active = tuple(i for i, channel in enumerate(self.channels) if channel.active)
        return active[:1] if self.model is Model.GREYSCALE else active
