"""Which pixels of a plane a ROI shape covers: geometry in, boolean masks out.

A pixel (i, j) covers [i, i + 1) x [j, j + 1); an area shape (Rectangle, Ellipse,
Polygon, Mask) covers the pixels whose centres lie inside it, so a 5 x 5 rectangle at
(10, 10) covers 25 pixels. A Line or Polyline covers the pixels it passes through, a
Point or Label the pixel under it. A shape's affine transform (OMERO's a00..a12:
``x' = a00 x + a01 y + a02``, ``y' = a10 x + a11 y + a12``) is applied. Pixels outside
the plane are left out.

Masks are produced in bands of rows (:meth:`Footprint.rows`), so that a shape as large
as a gigapixel plane is measured with bounded memory. No Django here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

Transform = tuple[float, float, float, float, float, float]
BoolArray = NDArray[np.bool_]
FloatArray = NDArray[np.float64]
_POINT = re.compile(r"(-?[\d.]+(?:[eE][-+]?\d+)?)\s*,\s*(-?[\d.]+(?:[eE][-+]?\d+)?)")
AREA_KINDS = frozenset({"Rectangle", "Ellipse", "Polygon", "Mask"})


class ShapeGeometryError(ValueError):
    """The shape lacks the coordinates its kind needs."""


@dataclass(frozen=True)
class Geometry:
    """What decides a shape's pixels (OMERO's fields; see ``model.models.Shape``)."""

    kind: str
    x: float | None = None
    y: float | None = None
    width: float | None = None
    height: float | None = None
    radius_x: float | None = None
    radius_y: float | None = None
    x1: float | None = None
    y1: float | None = None
    x2: float | None = None
    y2: float | None = None
    points: str = ""
    mask: bytes = b""
    transform: Transform | None = None


@dataclass(frozen=True)
class Footprint:
    """The shape's bounding box clipped to the plane, and its mask by bands of rows."""

    x: int
    y: int
    width: int
    height: int
    _rows: Callable[[int, int], BoolArray]

    @property
    def empty(self) -> bool:
        return self.width <= 0 or self.height <= 0

    def rows(self, start: int, stop: int) -> BoolArray:
        """Mask of image rows ``start``..``stop - 1`` over the box's columns."""
        return self._rows(start, stop)


def parse_points(text: str) -> list[tuple[float, float]]:
    """OMERO's ``"x,y x,y ..."`` as pairs of floats."""
    return [(float(x), float(y)) for x, y in _POINT.findall(text)]


def footprint(geometry: Geometry, size_x: int, size_y: int) -> Footprint:
    """The pixels of a ``size_x`` x ``size_y`` plane covered by the shape."""
    kind = geometry.kind
    if kind in ("Rectangle", "Polygon"):
        return _polygon(_transformed(geometry, _outline(geometry)), size_x, size_y)
    if kind in ("Ellipse", "Mask"):
        return _inverse_mapped(geometry, size_x, size_y)
    if kind in ("Line", "Polyline"):
        return _path(_transformed(geometry, _outline(geometry)), size_x, size_y)
    if kind in ("Point", "Label"):
        x, y = _need(geometry, "x", "y")
        return _pixels(_transformed(geometry, [(x, y)]), size_x, size_y)
    raise ShapeGeometryError(f"unknown shape kind {kind!r}")


def _need(geometry: Geometry, *names: str) -> list[float]:
    values = [getattr(geometry, name) for name in names]
    if any(value is None for value in values):
        raise ShapeGeometryError(f"a {geometry.kind} needs {', '.join(names)}")
    return [float(value) for value in values]


def _outline(geometry: Geometry) -> list[tuple[float, float]]:
    kind = geometry.kind
    if kind == "Rectangle":
        x, y, w, h = _need(geometry, "x", "y", "width", "height")
        return [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
    if kind == "Line":
        x1, y1, x2, y2 = _need(geometry, "x1", "y1", "x2", "y2")
        return [(x1, y1), (x2, y2)]
    found = parse_points(geometry.points)
    if not found:
        raise ShapeGeometryError(f"a {kind} needs points")
    return found


def _transformed(
    geometry: Geometry, points: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    if geometry.transform is None:
        return points
    a00, a10, a01, a11, a02, a12 = geometry.transform
    return [(a00 * x + a01 * y + a02, a10 * x + a11 * y + a12) for x, y in points]


def _box(xs: list[float], ys: list[float], size_x: int, size_y: int) -> tuple[int, int, int, int]:
    """Pixels whose centres may lie within [min, max] of xs, ys, clipped to the plane."""
    x0 = max(0, math.floor(min(xs)))
    y0 = max(0, math.floor(min(ys)))
    x1 = min(size_x, math.ceil(max(xs)) + 1)
    y1 = min(size_y, math.ceil(max(ys)) + 1)
    return x0, y0, max(0, x1 - x0), max(0, y1 - y0)


def _polygon(vertices: list[tuple[float, float]], size_x: int, size_y: int) -> Footprint:
    """Even-odd fill of the polygon, a band of rows at a time (scanlines at row centres)."""
    xs = np.array([p[0] for p in vertices], dtype=np.float64)
    ys = np.array([p[1] for p in vertices], dtype=np.float64)
    x0, y0, width, height = _box(list(xs), list(ys), size_x, size_y)
    xa, ya = xs, ys
    xb, yb = np.roll(xs, -1), np.roll(ys, -1)

    def rows(start: int, stop: int) -> BoolArray:
        centres = np.arange(start, stop, dtype=np.float64)[:, None] + 0.5
        crosses = ((ya <= centres) & (centres < yb)) | ((yb <= centres) & (centres < ya))
        with np.errstate(divide="ignore", invalid="ignore"):
            at = xa + (centres - ya) * (xb - xa) / (yb - ya)
        at = np.sort(np.where(crosses, at, np.inf), axis=1)
        # Pixel i is inside when its centre i + 0.5 lies in [left, right) of a pair.
        first = np.clip(np.ceil(at - 0.5) - x0, 0, width).astype(np.intp)
        change = np.zeros((stop - start, width + 1), dtype=np.int32)
        count = at.shape[1] - at.shape[1] % 2
        row_index = np.arange(stop - start)[:, None]
        valid = np.isfinite(at[:, :count])
        signs = np.where(np.arange(count) % 2 == 0, 1, -1)[None, :] * valid
        np.add.at(
            change, (np.broadcast_to(row_index, first[:, :count].shape), first[:, :count]), signs
        )
        inside: BoolArray = np.cumsum(change[:, :width], axis=1) > 0
        return inside

    return Footprint(x0, y0, width, height, rows)


def _inverse_mapped(geometry: Geometry, size_x: int, size_y: int) -> Footprint:
    """Ellipse or Mask: map each pixel centre back through the transform and test it."""
    corners, test = _ellipse(geometry) if geometry.kind == "Ellipse" else _mask(geometry)
    placed = _transformed(geometry, corners)
    x0, y0, width, height = _box([p[0] for p in placed], [p[1] for p in placed], size_x, size_y)
    inverse = _inverse(geometry.transform)

    def rows(start: int, stop: int) -> BoolArray:
        u = np.arange(x0, x0 + width, dtype=np.float64)[None, :] + 0.5
        v = np.arange(start, stop, dtype=np.float64)[:, None] + 0.5
        u, v = np.broadcast_arrays(u, v)
        if inverse is not None:
            b00, b10, b01, b11, b02, b12 = inverse
            u, v = b00 * u + b01 * v + b02, b10 * u + b11 * v + b12
        return test(u, v)

    return Footprint(x0, y0, width, height, rows)


Test = Callable[[FloatArray, FloatArray], BoolArray]


def _ellipse(geometry: Geometry) -> tuple[list[tuple[float, float]], Test]:
    cx, cy, rx, ry = _need(geometry, "x", "y", "radius_x", "radius_y")
    corners = [(cx - rx, cy - ry), (cx + rx, cy - ry), (cx + rx, cy + ry), (cx - rx, cy + ry)]

    def test(u: FloatArray, v: FloatArray) -> BoolArray:
        if rx <= 0 or ry <= 0:
            return np.zeros(u.shape, dtype=bool)
        inside: BoolArray = ((u - cx) / rx) ** 2 + ((v - cy) / ry) ** 2 <= 1.0
        return inside

    return corners, test


def _mask(geometry: Geometry) -> tuple[list[tuple[float, float]], Test]:
    mx, my, mw, mh = _need(geometry, "x", "y", "width", "height")
    bits = np.unpackbits(np.frombuffer(geometry.mask, dtype=np.uint8))
    columns, lines = int(mw), int(mh)
    if columns < 1 or lines < 1 or bits.size < columns * lines:
        raise ShapeGeometryError(f"a Mask needs {columns} x {lines} bits")
    cells = bits[: columns * lines].reshape(lines, columns).astype(bool)
    corners = [(mx, my), (mx + mw, my), (mx + mw, my + mh), (mx, my + mh)]

    def test(u: FloatArray, v: FloatArray) -> BoolArray:
        col = np.floor(u - mx).astype(np.intp)
        line = np.floor(v - my).astype(np.intp)
        within = (col >= 0) & (col < columns) & (line >= 0) & (line < lines)
        hit: BoolArray = np.zeros(u.shape, dtype=bool)
        hit[within] = cells[line[within], col[within]]
        return hit

    return corners, test


def _inverse(transform: Transform | None) -> Transform | None:
    if transform is None:
        return None
    a00, a10, a01, a11, a02, a12 = transform
    det = a00 * a11 - a01 * a10
    if det == 0:
        raise ShapeGeometryError("the shape's transform cannot be inverted")
    b00, b01, b10, b11 = a11 / det, -a01 / det, -a10 / det, a00 / det
    return (b00, b10, b01, b11, -(b00 * a02 + b01 * a12), -(b10 * a02 + b11 * a12))


def _path(vertices: list[tuple[float, float]], size_x: int, size_y: int) -> Footprint:
    """The pixels a line through ``vertices`` passes, sampled every quarter pixel."""
    found: list[FloatArray] = []
    for (xa, ya), (xb, yb) in pairwise(vertices):
        steps = max(1, math.ceil(math.hypot(xb - xa, yb - ya) * 4))
        along = np.linspace(0.0, 1.0, steps + 1)
        found.append(np.stack([xa + (xb - xa) * along, ya + (yb - ya) * along], axis=1))
    if not found:
        found.append(np.array(vertices, dtype=np.float64))
    samples = np.concatenate(found)
    return _pixels([(float(x), float(y)) for x, y in samples], size_x, size_y)


def _pixels(points: list[tuple[float, float]], size_x: int, size_y: int) -> Footprint:
    """The distinct pixels under ``points``, inside the plane."""
    cells = np.unique(np.floor(np.array(points, dtype=np.float64)).astype(np.int64), axis=0)
    keep = (cells[:, 0] >= 0) & (cells[:, 0] < size_x) & (cells[:, 1] >= 0) & (cells[:, 1] < size_y)
    cells = cells[keep]
    if not len(cells):
        return Footprint(0, 0, 0, 0, lambda start, stop: np.zeros((0, 0), dtype=bool))
    x0, y0 = int(cells[:, 0].min()), int(cells[:, 1].min())
    width = int(cells[:, 0].max()) - x0 + 1
    height = int(cells[:, 1].max()) - y0 + 1
    grid: BoolArray = np.zeros((height, width), dtype=bool)
    grid[cells[:, 1] - y0, cells[:, 0] - x0] = True

    def rows(start: int, stop: int) -> BoolArray:
        return grid[start - y0 : stop - y0]

    return Footprint(x0, y0, width, height, rows)
