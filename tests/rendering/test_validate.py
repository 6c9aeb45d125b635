"""validate_query: Z, T, channels and levels checked against the image."""

from __future__ import annotations

import pytest

from pyomero.rendering import ImageDimensions, ParameterOutOfRangeError, parse_query, validate_query

DIMS = ImageDimensions(size_x=100, size_y=100, size_z=5, size_c=3, size_t=2, levels=2)


def test_it_accepts_what_the_image_has():
    validate_query(parse_query({"z": "4", "t": "1", "c": "1,-3", "tile": "1,0,0"}), DIMS)


@pytest.mark.parametrize(
    ("name", "value"),
    [("z", "5"), ("t", "2"), ("c", "4"), ("c", "1,-4"), ("tile", "2,0,0")],
)
def test_it_refuses_what_the_image_does_not_have(name, value):
    with pytest.raises(ParameterOutOfRangeError) as caught:
        validate_query(parse_query({name: value}), DIMS)
    assert caught.value.parameter == name
    assert caught.value.status == 400
