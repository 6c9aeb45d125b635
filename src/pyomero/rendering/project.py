"""Z projection, applied to a channel's stack before quantization.

Output types follow OMERO's ProjectionBean, which writes the projection into a plane of
the source pixel type:

- ``intmax``: the largest value, in the pixel type.
- ``intmean``: the mean, computed in double precision and stored in the pixel type
  (integers truncated toward zero, as Java's cast does).
- ``intsum``: the sum, saturated at the pixel type's limits (OMERO clips at the type's
  maximum), so a sum never wraps around.

For ``bit`` pixels max and sum are "any", mean is "all". The Z range is inclusive at both
ends. The size guard counts the bytes of the stack read for one channel: ``sizeX x sizeY
x planes x bytes per pixel``.
"""

from __future__ import annotations

from typing import Any, Final, cast

import numpy as np
from numpy.typing import NDArray

from pyomero.rendering.errors import ParameterOutOfRangeError, ProjectionTooLargeError
from pyomero.rendering.settings import Projection

#: OMERO's default for ``omero.pixeldata.max_projection_bytes``: 256 MiB.
DEFAULT_MAX_PROJECTION_BYTES: Final = 256 * 1024 * 1024


def resolve_projection_range(start: int | None, end: int | None, size_z: int) -> tuple[int, int]:
    """The inclusive Z range to project: missing ends mean the whole stack.

    As OMERO's gateway does, the start is raised to 0 and the end lowered to
    ``size_z - 1``; a range that is still empty is an error naming ``p``.
    """
    first = 0 if start is None else max(0, start)
    last = size_z - 1 if end is None else min(end, size_z - 1)
    if first > last:
        raise ParameterOutOfRangeError(
            f"projection range {first}:{last} selects no plane of {size_z}", parameter="p"
        )
    return first, last


def projection_bytes(size_x: int, size_y: int, planes: int, dtype: np.dtype[np.generic]) -> int:
    """Bytes of one channel's stack that a projection over ``planes`` planes reads."""
    return size_x * size_y * planes * np.dtype(dtype).itemsize


def check_projection_size(
    size_x: int,
    size_y: int,
    planes: int,
    dtype: np.dtype[np.generic],
    max_bytes: int = DEFAULT_MAX_PROJECTION_BYTES,
) -> None:
    """Refuse up front (before reading pixels) a projection above ``max_bytes``."""
    needed = projection_bytes(size_x, size_y, planes, dtype)
    if needed > max_bytes:
        raise ProjectionTooLargeError(
            f"projecting {planes} planes of {size_x} x {size_y} needs {needed} bytes, "
            f"more than the {max_bytes} allowed (omero.pixeldata.max_projection_bytes)",
            parameter="p",
        )


def _saturate(values: NDArray[Any], dtype: np.dtype[np.generic]) -> NDArray[np.generic]:
    """``values`` clipped to what ``dtype`` holds, then cast (truncating) to it."""
    if dtype.kind in "iu":
        info = np.iinfo(cast("np.dtype[np.integer[Any]]", dtype))
        low, high = float(info.min), float(info.max)
    else:
        finfo = np.finfo(cast("np.dtype[np.floating[Any]]", dtype))
        low, high = float(finfo.min), float(finfo.max)
    clipped: NDArray[np.generic] = np.clip(values, low, high).astype(dtype)
    return clipped


def project(
    stack: NDArray[np.generic],
    projection: Projection,
    start: int | None = None,
    end: int | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_PROJECTION_BYTES,
) -> NDArray[np.generic]:
    """Project a (Z, Y, X) stack over the inclusive range ``start..end`` to a 2-D plane."""
    if stack.ndim != 3:
        raise ValueError(f"a stack is (Z, Y, X), got shape {stack.shape}")
    if projection is Projection.NORMAL:
        raise ValueError("the 'normal' projection projects nothing")
    first, last = resolve_projection_range(start, end, stack.shape[0])
    dtype = stack.dtype
    check_projection_size(stack.shape[2], stack.shape[1], last - first + 1, dtype, max_bytes)
    planes = stack[first : last + 1]
    if dtype.kind == "b":
        flags = planes.all(axis=0) if projection is Projection.INTMEAN else planes.any(axis=0)
        return np.asarray(flags)
    if projection is Projection.INTMAX:
        return np.asarray(planes.max(axis=0))
    if projection is Projection.INTSUM:
        accumulator = np.int64 if dtype.kind in "iu" else np.float64
        if dtype.kind == "u" and dtype.itemsize == 8:
            accumulator = np.float64
        return _saturate(planes.sum(axis=0, dtype=accumulator), dtype)
    mean = np.asarray(planes.mean(axis=0, dtype=np.float64))
    if dtype.kind in "iu":
        return _saturate(np.trunc(mean), dtype)
    return _saturate(mean, dtype)
