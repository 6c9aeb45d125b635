"""OMERO pixel type names and ranges."""

from __future__ import annotations

import numpy as np
import pytest

from pyomero.rendering import InvalidParameterError, pixels_dtype, pixels_type_name, type_range


@pytest.mark.parametrize(
    ("name", "dtype"),
    [
        ("bit", np.bool_),
        ("int8", np.int8),
        ("uint16", np.uint16),
        ("uint32", np.uint32),
        ("float", np.float32),
        ("double", np.float64),
    ],
)
def test_names_and_dtypes_map_both_ways(name, dtype):
    assert pixels_dtype(name) == np.dtype(dtype)
    assert pixels_type_name(np.dtype(dtype)) == name


def test_big_endian_dtypes_have_omeros_name():
    assert pixels_type_name(np.dtype(">u2")) == "uint16"


def test_ranges_are_the_types_and_zero_to_one_for_floats():
    assert type_range(np.dtype(np.uint8)) == (0.0, 255.0)
    assert type_range(np.dtype(np.int16)) == (-32768.0, 32767.0)
    assert type_range(np.dtype(np.float64)) == (0.0, 1.0)


def test_an_unknown_name_is_refused():
    with pytest.raises(InvalidParameterError):
        pixels_dtype("complex")
