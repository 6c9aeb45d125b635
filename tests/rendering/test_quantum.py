"""Quantization: values to 0..255 intensities with OMERO's families."""

from __future__ import annotations

import math

import numpy as np
import pytest

from pyomero.rendering import ChannelSettings, Family
from pyomero.rendering.quantum import Curve, intensity_table, quantize


def omero(x: float, start: float, end: float, family: Family, k: float) -> int:
    """OMERO's Quantization_8_16_bit, one value at a time, as its loop computes it."""
    if x < start:
        return 0
    if x >= end:
        return 255
    curves = {
        Family.LINEAR: lambda t: t,
        Family.POLYNOMIAL: lambda t: t**k,
        Family.EXPONENTIAL: lambda t: math.exp(t**k),
        Family.LOGARITHMIC: lambda t: math.log(t if t > 0 else 1.0),
    }
    f = curves[family]
    v = 255.0 / (end - start) * x - 255.0 / (end - start) * start
    out = math.floor(255.0 / (f(255.0) - f(0.0)) * (f(v) - f(0.0)) + 0.5)
    return max(out, 0)  # OMERO wraps negatives (log of 0 < t < 1) in a byte; we clamp


@pytest.mark.parametrize(
    ("family", "k"),
    [
        (Family.LINEAR, 1.0),
        (Family.POLYNOMIAL, 2.0),
        (Family.POLYNOMIAL, 0.5),
        (Family.EXPONENTIAL, 0.8),
        (Family.LOGARITHMIC, 1.0),
    ],
)
@pytest.mark.parametrize(("start", "end"), [(0.0, 255.0), (10.0, 1000.0), (-300.5, 40000.25)])
def test_it_follows_omeros_quantum_strategy(family, k, start, end):
    values = np.arange(-1000, 41000, 7, dtype=np.int32)
    expected = np.array([omero(float(x), start, end, family, k) for x in values])
    got = quantize(values, Curve(start, end, family, k)).astype(int)
    assert np.abs(got - expected).max() <= 1
    assert np.mean(got == expected) > 0.99


def test_the_linear_window_maps_start_to_zero_and_end_to_full():
    got = quantize(np.array([99, 100, 150, 199, 200, 201]), Curve(100, 200))
    assert got.tolist() == [0, 0, 128, 252, 255, 255]


def test_inversion_reverses_intensities():
    got = quantize(np.array([0, 100, 255]), Curve(0, 255, inverted=True))
    assert got.tolist() == [255, 155, 0]


def test_an_empty_window_is_a_step_at_its_end():
    assert quantize(np.array([9, 10, 11]), Curve(10, 10)).tolist() == [0, 255, 255]


def test_nan_is_dark_and_infinities_clamp():
    got = quantize(np.array([np.nan, -np.inf, np.inf]), Curve(0, 1))
    assert got.tolist() == [0, 0, 255]


def test_a_steep_exponential_does_not_overflow_to_black():
    got = quantize(np.array([0.0, 250.0, 255.0]), Curve(0, 255, Family.EXPONENTIAL, 3.0))
    assert got.tolist() == [0, 0, 255]


def test_linear_ignores_the_coefficient_as_omero_forces_one():
    assert Curve.of(ChannelSettings(family=Family.LINEAR, coefficient=3.0)).coefficient == 1.0
    assert (
        Curve.of(ChannelSettings(family=Family.POLYNOMIAL, coefficient=1.0)).family is Family.LINEAR
    )


@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.uint16, np.int16, np.bool_])
def test_tables_index_by_the_unsigned_bit_pattern(dtype):
    curve = Curve(-50, 300)
    table = intensity_table(curve, np.dtype(dtype).str)
    info = np.iinfo(dtype) if dtype is not np.bool_ else None
    values = np.array(
        [0, 1] if info is None else [info.min, -1 if info.min else 7, 0, 200, info.max]
    ).astype(dtype)
    unsigned = values.view(f"u{np.dtype(dtype).itemsize}")
    assert table[unsigned].tolist() == quantize(values, curve).tolist()
