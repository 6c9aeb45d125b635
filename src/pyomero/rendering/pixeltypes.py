"""OMERO's pixel types: names, numpy dtypes and value ranges."""

from __future__ import annotations

from typing import Any, Final, cast

import numpy as np

from pyomero.rendering.errors import InvalidParameterError

#: OMERO's pixel type names (``PixelsType.value``) and the numpy dtype of each.
PIXELS_TYPES: Final[dict[str, np.dtype[np.generic]]] = {
    "bit": np.dtype(np.bool_),
    "int8": np.dtype(np.int8),
    "uint8": np.dtype(np.uint8),
    "int16": np.dtype(np.int16),
    "uint16": np.dtype(np.uint16),
    "int32": np.dtype(np.int32),
    "uint32": np.dtype(np.uint32),
    "float": np.dtype(np.float32),
    "double": np.dtype(np.float64),
}

#: Window used when a floating-point channel has no statistics.
FLOAT_FALLBACK_RANGE: Final = (0.0, 1.0)


def pixels_dtype(
    pixels_type: str | np.dtype[np.generic] | type[np.generic],
) -> np.dtype[np.generic]:
    """The numpy dtype of an OMERO pixel type name (``"uint16"``) or of a dtype-like."""
    if isinstance(pixels_type, str):
        if pixels_type in PIXELS_TYPES:
            return PIXELS_TYPES[pixels_type]
        raise InvalidParameterError(
            f"unknown pixel type {pixels_type!r}; expected one of {', '.join(PIXELS_TYPES)}",
            parameter="pixels_type",
        )
    dtype = np.dtype(pixels_type)
    return dtype.newbyteorder("=") if dtype.byteorder not in "=|" else dtype


def pixels_type_name(dtype: np.dtype[np.generic] | type[np.generic]) -> str:
    """OMERO's name for a numpy dtype: ``uint16`` -> ``"uint16"``, ``float32`` -> ``"float"``."""
    native = pixels_dtype(dtype)
    for name, candidate in PIXELS_TYPES.items():
        if candidate == native:
            return name
    raise InvalidParameterError(f"no OMERO pixel type for {native}", parameter="pixels_type")


def type_range(dtype: np.dtype[np.generic] | type[np.generic]) -> tuple[float, float]:
    """The values a pixel of this type can take; :data:`FLOAT_FALLBACK_RANGE` for floats.

    This is the window OMERO falls back to when a channel has no min/max statistics.
    """
    native = pixels_dtype(dtype)
    if native.kind == "b":
        return (0.0, 1.0)
    if native.kind in "iu":
        info = np.iinfo(cast("np.dtype[np.integer[Any]]", native))
        return (float(info.min), float(info.max))
    if native.kind == "f":
        return FLOAT_FALLBACK_RANGE
    raise InvalidParameterError(f"unsupported pixel dtype {native}", parameter="pixels_type")


def is_small_integer(dtype: np.dtype[np.generic]) -> bool:
    """True for types rendered through a table indexed by the raw value (<= 16 bits)."""
    return dtype.kind in "biu" and dtype.itemsize <= 2
