"""Quantization: pixel values -> 0..255 intensities, as OMERO's QuantumStrategy does it.

For a window ``[start, end]`` OMERO first stretches a value linearly onto ``t`` in
``[0, 255]`` (values below ``start`` give 0, values at or above ``end`` give 255), then
bends ``t`` with the family's curve ``f``, normalised so that 0 and 255 stay fixed::

    out = round(255 * (f(t) - f(0)) / (f(255) - f(0)))

with ``f(t) = t**k`` (polynomial; linear is ``k = 1``), ``exp(t**k)`` (exponential) and
``log(t)`` (logarithmic, ``t <= 1`` counting as 1, so ``f(0) = 0``). ``inverted`` then
maps ``v`` to ``255 - v`` (OMERO's reverse-intensity codomain map). Rounding is Java's
``Math.round`` (half up).

Two deliberate departures, both where OMERO produces garbage: the exponential curve is
evaluated in a form that does not overflow (OMERO's doubles overflow for ``255**k > 709``
and render black), and logarithmic values in ``0 < t < 1`` give 0 (OMERO's negative
result wraps around in a signed byte and shows as bright).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pyomero.rendering.pixeltypes import is_small_integer
from pyomero.rendering.settings import ChannelSettings, Family

_LOG_255 = float(np.log(255.0))


@dataclass(frozen=True, slots=True)
class Curve:
    """The part of a channel's settings that decides its intensities (not its colour)."""

    start: float
    end: float
    family: Family = Family.LINEAR
    coefficient: float = 1.0
    inverted: bool = False

    @classmethod
    def of(cls, channel: ChannelSettings) -> Curve:
        """The curve of a channel; linear ignores the coefficient, as OMERO forces k = 1."""
        linear = channel.family is Family.LINEAR or (
            channel.family is Family.POLYNOMIAL and channel.coefficient == 1.0
        )
        return cls(
            start=float(channel.start),
            end=float(channel.end),
            family=Family.LINEAR if linear else channel.family,
            coefficient=1.0 if linear else float(channel.coefficient),
            inverted=channel.inverted,
        )


def _bend(t: NDArray[np.float64], family: Family, k: float) -> NDArray[np.float64]:
    """Apply the normalised curve to ``t`` in [0, 255]; returns values in [0, 255]."""
    if family is Family.POLYNOMIAL:
        return 255.0 * np.power(t / 255.0, k)
    if family is Family.EXPONENTIAL:
        # (exp(a) - 1) / (exp(b) - 1) without overflow: exp(a - b) * (1 - e^-a) / (1 - e^-b)
        with np.errstate(over="ignore", invalid="ignore"):
            b = np.power(255.0, k)
            a = np.power(t / 255.0, k) * b
            bent = 255.0 * np.exp(a - b) * -np.expm1(-a) / -np.expm1(-b)
        return np.where(t >= 255.0, 255.0, np.nan_to_num(bent, nan=0.0))
    if family is Family.LOGARITHMIC:
        return 255.0 * np.log(np.maximum(t, 1.0)) / _LOG_255
    return t


def quantize(values: NDArray[np.generic], curve: Curve) -> NDArray[np.uint8]:
    """Vectorised quantization of any real array; NaN gives 0, infinities clamp."""
    if curve.end <= curve.start:
        # OMERO's table is then a step: below the end 0, from the end on 255.
        out = np.where(np.asarray(values) >= curve.end, 255, 0).astype(np.uint8)
    else:
        # One float64 copy, then in place: fresh large temporaries cost more than the math.
        t = np.array(values, dtype=np.float64)
        np.subtract(t, curve.start, out=t)
        np.multiply(t, 255.0, out=t)  # then divide: exact halves round up, as they should
        np.divide(t, curve.end - curve.start, out=t)
        np.fmax(t, 0.0, out=t)  # fmax/fmin turn NaN into the bound
        np.fmin(t, 255.0, out=t)
        if curve.family is not Family.LINEAR:
            t = _bend(t, curve.family, curve.coefficient)
        np.add(t, 0.5, out=t)
        np.floor(t, out=t)
        out = t.astype(np.uint8)
    if curve.inverted:
        np.subtract(255, out, out=out)
    return out


def table_values(dtype: np.dtype[np.generic]) -> NDArray[np.generic]:
    """Every value of a <= 16-bit type, in the order of its unsigned bit pattern.

    Indexing a table built over these with ``plane.view(unsigned)`` needs no offset:
    for ``int16`` entry ``0x8000`` is -32768. ``bool`` uses 256 entries (0, 1, then 1s).
    """
    if dtype.kind == "b":
        return np.minimum(np.arange(256), 1).astype(np.uint8)
    unsigned = np.dtype(f"u{dtype.itemsize}")
    return np.arange(2 ** (8 * dtype.itemsize), dtype=np.uint64).astype(unsigned).view(dtype)


@lru_cache(maxsize=128)
def intensity_table(curve: Curve, dtype_str: str) -> NDArray[np.uint8]:
    """Intensity of every value of a <= 16-bit type (see :func:`table_values`); cached."""
    dtype = np.dtype(dtype_str)
    if not is_small_integer(dtype):
        raise ValueError(f"no intensity table for {dtype}")
    table = quantize(table_values(dtype), curve)
    table.flags.writeable = False
    return table


def index_array(plane: NDArray[np.generic]) -> NDArray[np.unsignedinteger[Any]]:
    """The plane as unsigned integers that index a table from :func:`intensity_table`."""
    dtype = plane.dtype
    if dtype.byteorder == ">" or (dtype.byteorder == "<" and np.little_endian is False):
        plane = plane.astype(dtype.newbyteorder("="))
    if dtype.kind not in "biu" or dtype.itemsize > 2:
        raise ValueError(f"{dtype} planes are quantized, not indexed")
    unsigned: NDArray[np.unsignedinteger[Any]] = plane.view(f"u{dtype.itemsize}")
    return unsigned
