"""ROIs and their shapes; each shape carries its own details and permissions.

OMERO's quirks kept: a ROI's ``@type`` is ``...#ROI`` and its shapes are under the
lower-case key ``shapes``; an ellipse's centre is ``X``/``Y``.
"""

from __future__ import annotations

from collections.abc import Callable

from pyomero.api.conf import ome_type
from pyomero.api.encoders.base import Encoder, length, put
from pyomero.api.schema import Json
from pyomero.model.models import Roi, Shape, ShapeKind


def encode_roi(enc: Encoder, roi: Roi) -> Json:
    """A ROI with its shapes (prefetch ``shapes`` with their owner and group)."""
    encoded = enc.named(roi, "ROI")
    shapes = [encode_shape(enc, shape) for shape in roi.shapes.all()]
    if shapes:
        encoded["shapes"] = shapes
    return encoded


def encode_shape(enc: Encoder, shape: Shape) -> Json:
    encoded = enc.start(shape, shape.kind)
    put(encoded, "FillColor", shape.fill_color)
    put(encoded, "FontFamily", shape.font_family)
    put(encoded, "FontSize", length(shape.font_size, "POINT"))
    put(encoded, "FontStyle", shape.font_style)
    encoded["Locked"] = shape.locked
    put(encoded, "StrokeColor", shape.stroke_color)
    put(encoded, "StrokeWidth", length(shape.stroke_width, shape.stroke_width_unit))
    put(encoded, "Text", shape.text)
    put(encoded, "TheC", shape.the_c)
    put(encoded, "TheT", shape.the_t)
    put(encoded, "TheZ", shape.the_z)
    transform = shape.transform
    if transform is not None:
        names = ("A00", "A10", "A01", "A11", "A02", "A12")
        encoded["Transform"] = {
            "@type": ome_type("AffineTransform"),
            **dict(zip(names, transform, strict=True)),
        }
    GEOMETRY[ShapeKind(shape.kind)](encoded, shape)
    return encoded


def _box(encoded: Json, shape: Shape) -> None:
    _point(encoded, shape)
    put(encoded, "Width", shape.width)
    put(encoded, "Height", shape.height)


def _point(encoded: Json, shape: Shape) -> None:
    put(encoded, "X", shape.x)
    put(encoded, "Y", shape.y)


def _ellipse(encoded: Json, shape: Shape) -> None:
    _point(encoded, shape)
    put(encoded, "RadiusX", shape.radius_x)
    put(encoded, "RadiusY", shape.radius_y)


def _markers(encoded: Json, shape: Shape) -> None:
    put(encoded, "MarkerStart", shape.marker_start)
    put(encoded, "MarkerEnd", shape.marker_end)


def _line(encoded: Json, shape: Shape) -> None:
    for key in ("x1", "y1", "x2", "y2"):
        put(encoded, key.upper(), getattr(shape, key))
    _markers(encoded, shape)


def _polyline(encoded: Json, shape: Shape) -> None:
    put(encoded, "Points", shape.points)
    _markers(encoded, shape)


def _polygon(encoded: Json, shape: Shape) -> None:
    put(encoded, "Points", shape.points)


GEOMETRY: dict[ShapeKind, Callable[[Json, Shape], None]] = {
    ShapeKind.RECTANGLE: _box,
    ShapeKind.MASK: _box,
    ShapeKind.ELLIPSE: _ellipse,
    ShapeKind.POINT: _point,
    ShapeKind.LABEL: _point,
    ShapeKind.LINE: _line,
    ShapeKind.POLYLINE: _polyline,
    ShapeKind.POLYGON: _polygon,
}
