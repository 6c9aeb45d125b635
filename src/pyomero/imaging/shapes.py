"""Pictures of ROI shapes: a Mask as a transparent PNG in its fill colour
(``render_shape_mask``), and a small rendering of the image around a shape with the
shape's outline drawn on it (``render_shape_thumbnail``, ``render_roi_thumbnail``).

The region around a shape is a square half as large again as the shape's bounding box
(at least :data:`MIN_SIDE` px), read at the coarsest pyramid level that still gives
:data:`MAX_WIDTH` px, and scaled to :data:`MAX_WIDTH` px square; outside the image it
is grey, as OMERO.web's. Shape transforms are not applied to the outline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PIL import Image as PILImage
from PIL import ImageDraw

from pyomero.imaging.errors import ImagingError
from pyomero.imaging.render import Prepared, prepare, render_area
from pyomero.model.access import access_roi, access_shape
from pyomero.model.context import EventContext
from pyomero.model.models import Shape, int_to_rgba
from pyomero.model.queries import visible_shapes
from pyomero.rendering import PlaneRegion, RenderQuery, encode_jpeg, encode_png

#: The longest side of a shape thumbnail, in px (OMERO.web's).
MAX_WIDTH = 250
#: The smallest side of the image region around a shape, in image px.
MIN_SIDE = 50
#: OMERO.web's outline colours (``?color=``), white by default.
COLOURS = {
    "f00": (255, 0, 0),
    "0f0": (0, 255, 0),
    "00f": (0, 0, 255),
    "ff0": (255, 255, 0),
    "fff": (255, 255, 255),
    "000": (0, 0, 0),
}
BACKGROUND = (221, 221, 221)
#: A mask without fill colour is yellow, opaque.
MASK_FILL = (255, 255, 0, 255)
_POINT = re.compile(r"(-?[\d.]+(?:[eE]-?\d+)?)\s*,\s*(-?[\d.]+(?:[eE]-?\d+)?)")


class ShapeNotRenderableError(ImagingError):
    """The shape lacks what its picture needs (a mask's bytes, any coordinates)."""

    status = 400
    code = "shape_not_renderable"


def mask_png(ctx: EventContext, shape_id: object) -> bytes:
    """The mask's pixels as an RGBA PNG: its fill colour where set, transparent elsewhere."""
    shape = access_shape(ctx, shape_id)
    if shape.kind != "Mask":
        raise ShapeNotRenderableError(f"Shape {shape.pk} is a {shape.kind}, not a Mask")
    width, height = int(shape.width or 0), int(shape.height or 0)
    packed = np.frombuffer(bytes(shape.bytes or b""), dtype=np.uint8)
    bits = np.unpackbits(packed)
    if width < 1 or height < 1 or bits.size < width * height:
        raise ShapeNotRenderableError(f"Mask {shape.pk} has no {width} x {height} bytes")
    mask = bits[: width * height].reshape(height, width).astype(bool)
    fill = MASK_FILL if shape.fill_color is None else int_to_rgba(shape.fill_color)
    rgba = np.zeros((height, width, 4), dtype=np.uint8)
    rgba[mask] = fill
    return encode_png(rgba)


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float


def points(shape: Shape) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in _POINT.findall(shape.points)]


def bounds(shape: Shape) -> Box:
    """The bounding box of a shape, in image pixels."""
    kind = shape.kind
    if kind in ("Rectangle", "Mask") and None not in (shape.x, shape.y):
        return Box(shape.x or 0, shape.y or 0, shape.width or 0, shape.height or 0)
    if kind == "Ellipse" and None not in (shape.x, shape.y):
        rx, ry = shape.radius_x or 0, shape.radius_y or 0
        return Box((shape.x or 0) - rx, (shape.y or 0) - ry, 2 * rx, 2 * ry)
    if kind in ("Point", "Label") and None not in (shape.x, shape.y):
        return Box(shape.x or 0, shape.y or 0, 0, 0)
    if kind == "Line" and None not in (shape.x1, shape.y1, shape.x2, shape.y2):
        found = [(shape.x1 or 0, shape.y1 or 0), (shape.x2 or 0, shape.y2 or 0)]
    else:
        found = points(shape)
    if not found:
        raise ShapeNotRenderableError(f"Shape {shape.pk} has no coordinates")
    xs, ys = [p[0] for p in found], [p[1] for p in found]
    return Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def around(box: Box) -> Box:
    """The square region shown around ``box``: 1.5 times its longest side, centred."""
    side = max(box.width, box.height, MIN_SIDE / 1.5) * 1.5
    cx, cy = box.x + box.width / 2, box.y + box.height / 2
    return Box(round(cx - side / 2), round(cy - side / 2), round(side), round(side))


def _level(sizes: list[tuple[int, int]], side: float) -> int:
    """The coarsest level at which ``side`` image px still cover ``MAX_WIDTH`` px."""
    full = sizes[0][0]
    chosen = 0
    for index, (size_x, _) in enumerate(sizes):
        if side * size_x / full >= MAX_WIDTH:
            chosen = index
    return chosen


def shape_thumbnail(
    ctx: EventContext, shape_id: object, colour: str = "fff", quality: float = 0.9
) -> bytes:
    """JPEG of the image around the shape, on the shape's plane, outline drawn."""
    return _thumbnail(ctx, access_shape(ctx, shape_id), colour, quality)


def roi_thumbnail(
    ctx: EventContext, roi_id: object, colour: str = "fff", quality: float = 0.9
) -> bytes:
    """:func:`shape_thumbnail` of the ROI's first shape by Z then T."""
    roi = access_roi(ctx, roi_id)
    shapes = list(visible_shapes(ctx).filter(roi=roi))
    if not shapes:
        raise ShapeNotRenderableError(f"Roi {roi.pk} has no shapes")
    shapes.sort(key=lambda s: (s.the_z or 0, s.the_t or 0, s.pk))
    return _thumbnail(ctx, shapes[0], colour, quality)


def _thumbnail(ctx: EventContext, shape: Shape, colour: str, quality: float) -> bytes:
    box = bounds(shape)
    prepared = prepare(ctx, shape.roi.image_id, RenderQuery(), shape.the_z, shape.the_t)
    region = around(box)
    sizes = prepared.level_sizes
    level = _level(sizes, region.width)
    scale = sizes[level][0] / sizes[0][0]
    canvas = _region(prepared, region, level, scale, sizes[level])
    picture = PILImage.fromarray(canvas).resize(
        (MAX_WIDTH, MAX_WIDTH), PILImage.Resampling.BILINEAR
    )
    factor = MAX_WIDTH / region.width
    _outline(ImageDraw.Draw(picture), shape, box, region, factor, COLOURS.get(colour, (255, 0, 0)))
    return encode_jpeg(np.asarray(picture), quality)


def _region(
    prepared: Prepared, region: Box, level: int, scale: float, size: tuple[int, int]
) -> NDArray[np.uint8]:
    """The region rendered at ``level``, grey where it leaves the image."""
    left, top = int(region.x * scale), int(region.y * scale)
    side = max(1, int(region.width * scale))
    canvas = np.empty((side, side, 3), dtype=np.uint8)
    canvas[:] = BACKGROUND
    x0, y0 = max(0, left), max(0, top)
    x1, y1 = min(size[0], left + side), min(size[1], top + side)
    if x1 > x0 and y1 > y0:
        area = PlaneRegion(level, x0, y0, x1 - x0, y1 - y0)
        rendered = render_area(prepared, area)
        canvas[y0 - top : y1 - top, x0 - left : x1 - left] = rendered
    return canvas


def _outline(
    draw: ImageDraw.ImageDraw,
    shape: Shape,
    box: Box,
    region: Box,
    factor: float,
    colour: tuple[int, int, int],
) -> None:
    def at(x: float, y: float) -> tuple[float, float]:
        return (x - region.x) * factor, (y - region.y) * factor

    corners = [at(box.x, box.y), at(box.x + box.width, box.y + box.height)]
    if shape.kind in ("Rectangle", "Mask"):
        draw.rectangle(corners, outline=colour, width=2)
    elif shape.kind == "Ellipse":
        draw.ellipse(corners, outline=colour, width=2)
    elif shape.kind in ("Point", "Label"):
        x, y = at(box.x, box.y)
        draw.ellipse([(x - 4, y - 4), (x + 4, y + 4)], outline=colour, width=2)
    elif shape.kind == "Line":
        draw.line([at(shape.x1 or 0, shape.y1 or 0), at(shape.x2 or 0, shape.y2 or 0)], colour, 2)
    else:
        line = [at(x, y) for x, y in points(shape)]
        if shape.kind == "Polygon" and line:
            line.append(line[0])
        draw.line(line, fill=colour, width=2)
