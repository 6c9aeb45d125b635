"""The channel parts of the query language: ``c=`` and ``maps=``.

``c=`` is a comma-separated list, one entry per channel mentioned::

    [-]N[|start:end][$RRGGBB | $name.lut]

``N`` is the 1-based channel index, a leading ``-`` makes the channel inactive,
``start:end`` is the window (floats) and what follows ``$`` is a colour (3, 6 or 8 hex
digits; alpha ignored) or a lookup table. OMERO also accepts an empty window
(``1|$FF0000``) and the colour straight after the index (``1$FF0000``); so does this.

``maps=`` is a JSON list whose ``i``-th item applies to the ``i``-th entry of ``c=``
(or to channel ``i`` when there is no ``c=``), as OMERO.web reads it::

    [{"inverted": {"enabled": true},
      "quantization": {"family": "polynomial", "coefficient": 2.0}}, null, ...]

``reverse`` is read as an old name of ``inverted`` (OMERO 5.4 deprecated it).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from pyomero.rendering.errors import InvalidParameterError
from pyomero.rendering.settings import ChannelSettings, Family, is_lut_name, parse_color

#: Longest ``maps=`` value read (a few hundred channels' worth).
MAX_MAPS_LENGTH: Final = 100_000

_INDEX = re.compile(r"(-)?(\d{1,6})")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,3})?")


@dataclass(frozen=True, slots=True)
class ChannelQuery:
    """One entry of ``c=``; ``index`` is 0-based, None fields leave settings as they are."""

    index: int
    active: bool = True
    start: float | None = None
    end: float | None = None
    color: str | None = None
    lut: str | None = None


@dataclass(frozen=True, slots=True)
class ChannelMap:
    """One item of ``maps=``; None fields leave settings as they are."""

    inverted: bool | None = None
    family: Family | None = None
    coefficient: float | None = None


def parse_number(text: str, parameter: str) -> float:
    """A finite decimal number (no ``nan``, ``inf`` or ``1_000``)."""
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        raise InvalidParameterError(f"{text!r} is not a number", parameter=parameter)
    value = float(text)
    if not math.isfinite(value):
        raise InvalidParameterError(f"{text!r} is not a finite number", parameter=parameter)
    return value


_INVERT_MARK = re.compile(r"-?r\s*$")


def _parse_entry(entry: str) -> ChannelQuery:
    head, bar, tail = entry.partition("|")
    head, dollar, spec = head.partition("$")
    window = None
    if bar:
        if dollar:
            raise InvalidParameterError(f"c entry {entry!r}: the colour comes last", parameter="c")
        window, dollar, spec = tail.partition("$")
    match = _INDEX.fullmatch(head.strip())
    if match is None:
        raise InvalidParameterError(
            f"c entry {entry!r} is not [-]N[|start:end][$color]", parameter="c"
        )
    index = int(match.group(2)) - 1
    if index < 0:
        raise InvalidParameterError("channel indexes in c start at 1", parameter="c")
    start = end = None
    if window is not None:
        # OMERO.web's links mark inverted channels with ``r`` (``-r`` not) after the
        # window, ``1|20:300r$00FF00``; OMERO ignores the mark (``maps=`` inverts)
        window = _INVERT_MARK.sub("", window)
    if window is not None and window.strip():
        bounds = window.split(":")
        if len(bounds) != 2:
            raise InvalidParameterError(f"window {window!r} is not start:end", parameter="c")
        start, end = (parse_number(bound, "c") for bound in bounds)
        if start > end:
            raise InvalidParameterError(f"window {window!r} starts after it ends", parameter="c")
    color = lut = None
    if dollar:
        spec = spec.strip()
        if spec.lower().endswith(".lut"):
            if not is_lut_name(spec):
                raise InvalidParameterError(f"{spec!r} is not a lookup table name", parameter="c")
            lut = spec
        else:
            color = parse_color(spec, parameter="c")
    return ChannelQuery(index, match.group(1) is None, start, end, color, lut)


def parse_channels(text: str) -> tuple[ChannelQuery, ...]:
    """``c=`` -> one :class:`ChannelQuery` per entry, in order; each channel at most once."""
    entries = tuple(_parse_entry(entry) for entry in text.split(","))
    seen: set[int] = set()
    for entry in entries:
        if entry.index in seen:
            raise InvalidParameterError(
                f"channel {entry.index + 1} is given twice in c", parameter="c"
            )
        seen.add(entry.index)
    return entries


def _number_text(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def format_channel(entry: ChannelQuery) -> str:
    text = ("" if entry.active else "-") + str(entry.index + 1)
    if entry.start is not None and entry.end is not None:
        text += f"|{_number_text(entry.start)}:{_number_text(entry.end)}"
    spec = entry.lut or entry.color
    return text + (f"${spec}" if spec else "")


def format_channels(entries: Sequence[ChannelQuery]) -> str:
    """The ``c=`` text of ``entries`` (what :func:`parse_channels` reads back)."""
    return ",".join(format_channel(entry) for entry in entries)


def channels_query(channels: Sequence[ChannelSettings]) -> tuple[ChannelQuery, ...]:
    """Every channel of a rendering definition as ``c=`` entries (OMERO's getImgRDef)."""
    return tuple(
        ChannelQuery(i, ch.active, ch.start, ch.end, None if ch.lut else ch.color, ch.lut)
        for i, ch in enumerate(channels)
    )


def _enabled(value: Any) -> bool | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InvalidParameterError("maps: 'inverted' must be an object", parameter="maps")
    enabled = value.get("enabled")
    if enabled in (True, "true"):
        return True
    if enabled in (False, "false", None):
        return False
    raise InvalidParameterError("maps: 'enabled' must be true or false", parameter="maps")


def _quantization(value: Any) -> tuple[Family | None, float | None]:
    if value is None:
        return None, None
    if not isinstance(value, dict):
        raise InvalidParameterError("maps: 'quantization' must be an object", parameter="maps")
    family, coefficient = value.get("family"), value.get("coefficient")
    if family is not None:
        if not isinstance(family, str) or family not in {f.value for f in Family}:
            raise InvalidParameterError(f"maps: unknown family {family!r}", parameter="maps")
        family = Family(family)
    if coefficient is not None:
        if isinstance(coefficient, bool) or not isinstance(coefficient, int | float):
            raise InvalidParameterError("maps: 'coefficient' must be a number", parameter="maps")
        coefficient = float(coefficient)
        if not (math.isfinite(coefficient) and coefficient > 0):
            raise InvalidParameterError("maps: 'coefficient' must be positive", parameter="maps")
    return family, coefficient


def _parse_map(item: Any) -> ChannelMap | None:
    if item is None:
        return None
    if not isinstance(item, dict):
        raise InvalidParameterError("maps: each item is an object or null", parameter="maps")
    inverted = item.get("inverted", item.get("reverse"))
    family, coefficient = _quantization(item.get("quantization"))
    return ChannelMap(_enabled(inverted), family, coefficient)


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not standard JSON")


def parse_maps(text: str) -> tuple[ChannelMap | None, ...]:
    """``maps=`` -> one :class:`ChannelMap` (or None) per item."""
    if len(text) > MAX_MAPS_LENGTH:
        raise InvalidParameterError("maps is too long", parameter="maps")
    try:
        items = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        raise InvalidParameterError("maps is not valid JSON", parameter="maps") from exc
    if not isinstance(items, list):
        raise InvalidParameterError("maps is a JSON list", parameter="maps")
    return tuple(_parse_map(item) for item in items)


def maps_json(channels: Sequence[ChannelSettings]) -> list[dict[str, Any]]:
    """The ``maps`` of a rendering definition, as OMERO.web's getImgRDef writes them."""
    return [
        {
            "inverted": {"enabled": ch.inverted},
            "quantization": {"coefficient": ch.coefficient, "family": ch.family.value},
        }
        for ch in channels
    ]
