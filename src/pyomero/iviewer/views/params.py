"""Query parameters of OMERO.iviewer's endpoints: bad or missing values are a 400."""

from __future__ import annotations

from collections.abc import Mapping

from pyomero.rendering import InvalidParameterError


def integer(query: Mapping[str, str], name: str, default: int | None = None) -> int:
    """A non-negative integer; ``default`` when missing (400 when there is none)."""
    value = query.get(name, "")
    if value == "" and default is not None:
        return default
    try:
        found = int(float(value))
    except (ValueError, OverflowError):  # "inf" overflows
        raise InvalidParameterError(f"{name} must be a number", parameter=name) from None
    if found < 0:
        raise InvalidParameterError(f"{name} must not be negative", parameter=name)
    if found >= 2**63:
        raise InvalidParameterError(f"{name} is out of range", parameter=name)
    return found


def integers(query: Mapping[str, str], name: str) -> list[int]:
    """A comma-separated list of non-negative integers (empty when missing)."""
    found = []
    for part in query.get(name, "").split(","):
        if part.strip():
            found.append(integer({name: part.strip()}, name))
    return found
