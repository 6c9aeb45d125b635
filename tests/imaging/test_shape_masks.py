"""Which pixels a shape covers, tested on small planes."""

from __future__ import annotations

import numpy as np
import pytest

from pyomero.imaging.shape_masks import Geometry, ShapeGeometryError, footprint


def covered(geometry: Geometry, size_x: int = 40, size_y: int = 30) -> np.ndarray:
    """The whole-plane mask of the shape."""
    area = footprint(geometry, size_x, size_y)
    plane = np.zeros((size_y, size_x), dtype=bool)
    if not area.empty:
        band = area.rows(area.y, area.y + area.height)
        plane[area.y : area.y + area.height, area.x : area.x + area.width] = band
    return plane


def test_it_covers_the_pixels_of_a_rectangle() -> None:
    plane = covered(Geometry("Rectangle", x=10, y=5, width=5, height=4))
    assert plane.sum() == 20
    assert plane[5:9, 10:15].all()


def test_it_clips_a_rectangle_to_the_plane() -> None:
    plane = covered(Geometry("Rectangle", x=-5, y=-5, width=10, height=10))
    assert plane.sum() == 25 and plane[:5, :5].all()


def test_it_counts_the_pixels_whose_centres_lie_in_an_ellipse() -> None:
    plane = covered(Geometry("Ellipse", x=20, y=15, radius_x=6, radius_y=4))
    ys, xs = np.mgrid[0:30, 0:40] + 0.5
    expected = ((xs - 20) / 6) ** 2 + ((ys - 15) / 4) ** 2 <= 1
    assert (plane == expected).all()
    assert plane.sum() == pytest.approx(np.pi * 24, rel=0.1)


def test_it_fills_a_polygon_with_the_even_odd_rule() -> None:
    triangle = Geometry("Polygon", points="0,0 20,0 0,20")
    plane = covered(triangle)
    assert plane[0, 0] and plane[0, 18] and not plane[15, 15]
    assert plane.sum() == 190  # centres with x + y < 20: 19 + 18 + ... + 1


def test_it_follows_a_line_and_a_polyline() -> None:
    line = covered(Geometry("Line", x1=2.5, y1=3.5, x2=12.5, y2=3.5))
    assert line.sum() == 11 and line[3, 2:13].all()
    bent = covered(Geometry("Polyline", points="1.5,1.5 1.5,5.5 5.5,5.5"))
    assert bent.sum() == 9


def test_it_takes_the_pixel_under_a_point_or_a_label() -> None:
    assert np.argwhere(covered(Geometry("Point", x=7.2, y=3.9))).tolist() == [[3, 7]]
    assert covered(Geometry("Label", x=0, y=0)).sum() == 1
    assert covered(Geometry("Point", x=99, y=3)).sum() == 0


def test_it_reads_a_mask_bit_by_bit() -> None:
    bits = np.array([[1, 0, 1], [0, 1, 0]], dtype=np.uint8)
    mask = np.packbits(bits.ravel()).tobytes()
    plane = covered(Geometry("Mask", x=4, y=2, width=3, height=2, mask=mask))
    assert np.argwhere(plane).tolist() == [[2, 4], [2, 6], [3, 5]]


def test_it_applies_the_transform() -> None:
    moved = Geometry("Rectangle", x=0, y=0, width=4, height=2, transform=(1, 0, 0, 1, 10, 20))
    assert np.argwhere(covered(moved))[0].tolist() == [20, 10]
    turned = Geometry("Rectangle", x=0, y=0, width=4, height=2, transform=(0, 1, -1, 0, 5, 5))
    plane = covered(turned)  # rotated by 90 degrees: 2 wide, 4 high
    assert plane.sum() == 8 and plane[5:9, 3:5].all()
    ellipse = Geometry("Ellipse", x=0, y=0, radius_x=3, radius_y=3, transform=(1, 0, 0, 1, 8, 8))
    assert covered(ellipse)[8, 8]


def test_it_gives_a_band_of_rows_at_a_time() -> None:
    area = footprint(Geometry("Ellipse", x=20, y=15, radius_x=10, radius_y=10), 40, 30)
    whole = area.rows(area.y, area.y + area.height)
    halves = np.concatenate([area.rows(area.y, 15), area.rows(15, area.y + area.height)])
    assert (whole == halves).all()


def test_it_refuses_a_shape_without_its_coordinates() -> None:
    with pytest.raises(ShapeGeometryError):
        footprint(Geometry("Rectangle", x=1, y=1), 10, 10)
    with pytest.raises(ShapeGeometryError):
        footprint(Geometry("Polygon", points=""), 10, 10)
    with pytest.raises(ShapeGeometryError):
        footprint(Geometry("Mask", x=0, y=0, width=8, height=8, mask=b"\x00"), 10, 10)
