"""Tiles and regions resolved against an image's resolution levels."""

from __future__ import annotations

import pytest

from pyomero.rendering import (
    ParameterOutOfRangeError,
    PlaneRegion,
    Region,
    RegionTooLargeError,
    Tile,
    resolve_region,
    resolve_tile,
)

LEVELS = [(1000, 600), (500, 300), (250, 150)]


def test_level_zero_is_full_resolution():
    assert resolve_tile(Tile(0, 1, 0), LEVELS, (256, 256)) == PlaneRegion(0, 256, 0, 256, 256)


def test_it_reads_smaller_levels_with_the_same_tile_grid():
    assert resolve_tile(Tile(1, 1, 1), LEVELS, (256, 256)) == PlaneRegion(1, 256, 256, 244, 44)


def test_it_crops_edge_tiles_instead_of_padding_them():
    assert resolve_tile(Tile(0, 3, 2), LEVELS, (256, 256)) == PlaneRegion(0, 768, 512, 232, 88)


def test_it_uses_the_asked_tile_size_clamped_to_the_maximum():
    assert resolve_tile(Tile(0, 0, 0, 2000, 100), LEVELS, (256, 256), max_tile_length=512) == (
        PlaneRegion(0, 0, 0, 512, 100)
    )
    assert resolve_tile(Tile(0, 1, 1, 2000, 300), LEVELS, (256, 256), max_tile_length=512) == (
        PlaneRegion(0, 512, 300, 488, 300)
    )


def test_it_refuses_a_level_the_image_does_not_have():
    with pytest.raises(ParameterOutOfRangeError) as caught:
        resolve_tile(Tile(3, 0, 0), LEVELS, (256, 256))
    assert caught.value.parameter == "tile"


def test_it_refuses_a_tile_outside_its_level():
    with pytest.raises(ParameterOutOfRangeError):
        resolve_tile(Tile(2, 1, 0), LEVELS, (256, 256))


def test_it_crops_a_region_to_the_image():
    assert resolve_region(Region(900, 500, 500, 500), 1000, 600) == PlaneRegion(
        0, 900, 500, 100, 100
    )


def test_it_refuses_a_region_outside_the_image():
    with pytest.raises(ParameterOutOfRangeError) as caught:
        resolve_region(Region(1000, 0, 10, 10), 1000, 600)
    assert caught.value.parameter == "region"


def test_it_refuses_a_region_above_the_size_guard():
    with pytest.raises(RegionTooLargeError) as caught:
        resolve_region(Region(0, 0, 1000, 600), 1000, 600, max_pixels=1000 * 599)
    assert (caught.value.status, caught.value.code) == (400, "region_too_large")


def test_a_query_resolves_its_tile_before_its_region():
    from pyomero.rendering import parse_query, resolve_area

    both = parse_query({"tile": "1,0,0", "region": "0,0,10,10"})
    assert resolve_area(both, LEVELS, (256, 256)) == PlaneRegion(1, 0, 0, 256, 256)
    region = parse_query({"region": "0,0,10,10"})
    assert resolve_area(region, LEVELS, (256, 256)) == PlaneRegion(0, 0, 0, 10, 10)
    assert resolve_area(parse_query({}), LEVELS, (256, 256)) is None
