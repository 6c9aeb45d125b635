"""Z projections, before quantization, with OMERO's output types."""

from __future__ import annotations

import numpy as np
import pytest

from pyomero.rendering import (
    ParameterOutOfRangeError,
    Projection,
    ProjectionTooLargeError,
    check_projection_size,
    project,
    resolve_projection_range,
)

STACK = np.array([[[1, 200]], [[5, 100]], [[3, 250]]], dtype=np.uint8)  # Z=3, Y=1, X=2


def test_intmax_takes_the_largest_value_of_the_range():
    assert project(STACK, Projection.INTMAX).tolist() == [[5, 250]]
    assert project(STACK, Projection.INTMAX, 1, 1).tolist() == [[5, 100]]


def test_the_range_includes_both_ends():
    assert project(STACK, Projection.INTSUM, 0, 1).tolist() == [[6, 255]]


def test_intsum_saturates_at_the_pixel_type_maximum():
    result = project(STACK, Projection.INTSUM)
    assert result.dtype == np.uint8 and result.tolist() == [[9, 255]]


def test_intsum_saturates_signed_types_at_both_ends():
    stack = np.array([[[-100, 100]], [[-100, 100]]], dtype=np.int8)
    assert project(stack, Projection.INTSUM).tolist() == [[-128, 127]]


def test_intmean_truncates_to_the_pixel_type():
    result = project(STACK, Projection.INTMEAN)
    assert result.dtype == np.uint8 and result.tolist() == [[3, 183]]


def test_float_projections_stay_floats():
    stack = np.array([[[0.5]], [[1.0]]], dtype=np.float32)
    assert project(stack, Projection.INTMEAN).tolist() == [[0.75]]
    assert project(stack, Projection.INTMEAN).dtype == np.float32


def test_bit_projections_are_any_and_all():
    stack = np.array([[[True, False]], [[True, True]]])
    assert project(stack, Projection.INTMAX).tolist() == [[True, True]]
    assert project(stack, Projection.INTMEAN).tolist() == [[True, False]]


def test_it_clamps_the_range_to_the_stack_as_omero():
    assert resolve_projection_range(None, None, 5) == (0, 4)
    assert resolve_projection_range(2, 99, 5) == (2, 4)


def test_an_empty_range_is_out_of_range():
    with pytest.raises(ParameterOutOfRangeError) as caught:
        resolve_projection_range(7, 9, 5)
    assert caught.value.parameter == "p"


def test_it_refuses_a_projection_above_the_byte_limit_before_reading():
    with pytest.raises(ProjectionTooLargeError) as caught:
        check_projection_size(1024, 1024, 129, np.dtype(np.uint16))
    assert (caught.value.status, caught.value.code, caught.value.parameter) == (
        400,
        "projection_too_large",
        "p",
    )
    check_projection_size(1024, 1024, 128, np.dtype(np.uint16))


def test_project_applies_the_guard_too():
    with pytest.raises(ProjectionTooLargeError):
        project(STACK, Projection.INTMAX, max_bytes=5)
