"""OMERO.figure's figures laid out on pages: pure geometry from the figure JSON.

A figure (the JSON OMERO.figure saves) is turned into pages of drawing operations in
page points (1/72 inch, origin top left): each panel's image with the region of the
image it shows, its border, labels, scale bar and ROIs. The PDF and TIFF writers
(:mod:`pyomero.rendering.figure_pdf`, :mod:`pyomero.rendering.figure_raster`) paint
the same operations, so both exports agree. The meaning of the JSON fields (a panel's
``zoom``, ``dx``/``dy`` and ``orig_width``, the pages laid out ``page_col_count`` to a
row ``paper_spacing`` apart, the label positions) is OMERO.figure's.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pyomero.rendering.errors import InvalidParameterError
from pyomero.rendering.figure_colorbar import colorbar
from pyomero.rendering.figure_ops import (
    Crop,
    Ellipse,
    Line,
    Operation,
    Page,
    PanelImage,
    Ramp,
    Rgb,
    Text,
    colour,
    number,
)

__all__ = [
    "LENGTH_UNITS",
    "Crop",
    "Ellipse",
    "Line",
    "Operation",
    "Page",
    "PanelImage",
    "PanelRenderer",
    "Ramp",
    "Rgb",
    "Text",
    "colour",
    "crop_region",
    "layout",
    "panel_pixels",
    "parse_figure",
    "plain",
]

#: Gap between a panel and its labels or scale bar, in points.
SPACER = 5.0
#: OMERO's UnitsLength: symbol and size in micrometres (PIXEL and REFERENCEFRAME,
#: which have no size, are left out, as OMERO.figure leaves them out).
LENGTH_UNITS: dict[str, tuple[str, float]] = {
    "YOTTAMETER": ("Ym", 1e30),
    "ZETTAMETER": ("Zm", 1e27),
    "EXAMETER": ("Em", 1e24),
    "PETAMETER": ("Pm", 1e21),
    "TERAMETER": ("Tm", 1e18),
    "GIGAMETER": ("Gm", 1e15),
    "MEGAMETER": ("Mm", 1e12),
    "KILOMETER": ("km", 1e9),
    "HECTOMETER": ("hm", 1e8),
    "DECAMETER": ("dam", 1e7),
    "METER": ("m", 1e6),
    "DECIMETER": ("dm", 1e5),
    "CENTIMETER": ("cm", 1e4),
    "MILLIMETER": ("mm", 1e3),
    "MICROMETER": ("\u00b5m", 1.0),
    "NANOMETER": ("nm", 1e-3),
    "PICOMETER": ("pm", 1e-6),
    "FEMTOMETER": ("fm", 1e-9),
    "ATTOMETER": ("am", 1e-12),
    "ZEPTOMETER": ("zm", 1e-15),
    "YOCTOMETER": ("ym", 1e-18),
    "ANGSTROM": ("\u00c5", 1e-4),
    "THOU": ("thou", 25.4),
    "LINE": ("li", 2116.6666666666665),
    "INCH": ("in", 25400.0),
    "FOOT": ("ft", 304800.0),
    "YARD": ("yd", 914400.0),
    "MILE": ("mi", 1609344000.0),
    "ASTRONOMICALUNIT": ("ua", 1.495978707e17),
    "LIGHTYEAR": ("ly", 9.4607304725808e21),
    "PARSEC": ("pc", 3.0856775814913674e22),
    "POINT": ("pt", 352.77777777777777),
}


#: Largest figure JSON accepted (a figure of hundreds of panels is a few MB).
MAX_FIGURE_BYTES = 32 * 1024 * 1024


def parse_figure(text: str) -> dict[str, Any]:
    """The figure JSON, checked to be an object with a list of panels (standard JSON:
    ``NaN`` and ``Infinity`` are refused)."""
    if len(text.encode()) > MAX_FIGURE_BYTES:
        raise InvalidParameterError("the figure is larger than 32 MiB", parameter="figureJSON")
    try:
        figure = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        message = f"figureJSON is not valid JSON: {exc}"
        raise InvalidParameterError(message, parameter="figureJSON") from None
    if not isinstance(figure, dict) or not isinstance(figure.get("panels", []), list):
        message = "figureJSON must be an object with a list of panels"
        raise InvalidParameterError(message, parameter="figureJSON")
    return figure


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def crop_region(panel: dict[str, Any]) -> Crop:
    """The image region a panel shows: the image at ``zoom`` percent, fitted to the
    panel's aspect, centred, moved by ``dx``/``dy`` image pixels."""
    zoom = number(panel, "zoom", 100) / 100
    orig_w, orig_h = number(panel, "orig_width"), number(panel, "orig_height")
    frame_w, frame_h = number(panel, "width"), number(panel, "height")
    if min(zoom, orig_w, orig_h, frame_w, frame_h) <= 0:
        raise InvalidParameterError("a panel needs a positive size, image size and zoom")
    width, height = orig_w / zoom, orig_h / zoom
    image_ratio, frame_ratio = orig_w / orig_h, frame_w / frame_h
    if abs(image_ratio - frame_ratio) > 0.01:
        if image_ratio < frame_ratio:
            height = width / frame_ratio
        else:
            width = height * frame_ratio
    x = (orig_w - width) / 2 - number(panel, "dx")
    y = (orig_h - height) / 2 - number(panel, "dy")
    return Crop(x, y, width, height)


def _pages(figure: dict[str, Any]) -> list[tuple[float, float]]:
    """Where each page starts in figure coordinates."""
    count = max(1, int(number(figure, "page_count", 1)))
    columns = max(1, int(number(figure, "page_col_count", 1)))
    width, height = number(figure, "paper_width", 595), number(figure, "paper_height", 842)
    gap = number(figure, "paper_spacing", 50)
    return [((i % columns) * (width + gap), (i // columns) * (height + gap)) for i in range(count)]


def _on_page(panel: dict[str, Any], left: float, top: float, width: float, height: float) -> bool:
    x, y = number(panel, "x"), number(panel, "y")
    return (
        x < left + width
        and left < x + number(panel, "width")
        and (y < top + height and top < y + number(panel, "height"))
    )


LabelText = Callable[[dict[str, Any], str], str]


def layout(figure: dict[str, Any], label_text: LabelText | None = None) -> list[Page]:
    """The pages of a figure with their operations, in paint order."""
    panels = figure.get("panels", [])
    if not isinstance(panels, list) or not all(isinstance(p, dict) for p in panels):
        raise InvalidParameterError("the figure's panels must be a list of objects")
    width, height = number(figure, "paper_width", 595), number(figure, "paper_height", 842)
    if not (0 < width <= 20000 and 0 < height <= 20000):
        raise InvalidParameterError("the figure's paper size must be positive and under 20,000 pt")
    text_of = label_text or (lambda panel, text: plain(text))
    pages = []
    for left, top in _pages(figure):
        page = Page(width, height, colour(figure.get("page_color"), (255, 255, 255)))
        for panel in panels:
            if _on_page(panel, left, top, width, height):
                page.operations.extend(_panel(panel, left, top, text_of))
        pages.append(page)
    return pages


def plain(text: str) -> str:
    """Label text without its Markdown emphasis (``**bold**``, ``_italic_``)."""
    return re.sub(r"(\*\*|\*|__|_)(.+?)\1", r"\2", text)


def _panel(
    panel: dict[str, Any], left: float, top: float, text_of: LabelText
) -> Iterator[Operation]:
    x, y = number(panel, "x") - left, number(panel, "y") - top
    width, height = number(panel, "width"), number(panel, "height")
    crop = crop_region(panel)
    yield PanelImage(panel, crop, x, y, width, height)
    yield from _shapes(panel, crop, x, y, width, height)
    border = panel.get("border") or {}
    if isinstance(border, dict) and border.get("showBorder"):
        line = number(border, "strokeWidth", 2)
        edge = line / 2
        corners = (
            (x - edge, y - edge),
            (x + width + edge, y - edge),
            (x + width + edge, y + height + edge),
            (x - edge, y + height + edge),
        )
        yield Line(corners, colour(border.get("strokeColor"), (255, 255, 255)), line, closed=True)
    yield from _labels(panel, x, y, width, height, text_of)
    yield from _scalebar(panel, crop, x, y, width, height)
    yield from colorbar(panel, x, y, width, height)


def _labels(
    panel: dict[str, Any], x: float, y: float, width: float, height: float, text_of: LabelText
) -> Iterator[Text]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for label in panel.get("labels") or []:
        if isinstance(label, dict) and str(label.get("text", "")).strip():
            grouped.setdefault(str(label.get("position", "top")), []).append(label)
    for position, labels in grouped.items():
        # Stacked away from the panel: the first label is the one nearest to it.
        offset = 0.0
        for label in labels if position.startswith("bottom") else reversed(labels):
            size = number(label, "size", 12)
            text = text_of(panel, str(label["text"]))
            rgb = colour(label.get("color"), (0, 0, 0))
            yield _place(position, text, size, rgb, x, y, width, height, offset)
            offset += size + 2


def _place(
    position: str,
    text: str,
    size: float,
    rgb: Rgb,
    x: float,
    y: float,
    width: float,
    height: float,
    offset: float,
) -> Text:
    inside_top, inside_bottom = y + SPACER + offset, y + height - SPACER - size - offset
    placed = {
        "topleft": (x + SPACER, inside_top, "left"),
        "topright": (x + width - SPACER, inside_top, "right"),
        "bottomleft": (x + SPACER, inside_bottom, "left"),
        "bottomright": (x + width - SPACER, inside_bottom, "right"),
        "top": (x + width / 2, y - SPACER - size - offset, "center"),
        "bottom": (x + width / 2, y + height + SPACER + offset, "center"),
        "left": (x - SPACER, y + offset, "right"),
        "right": (x + width + SPACER, y + offset, "left"),
    }
    if position in placed:
        px, py, align = placed[position]
        return Text(px, py, size, rgb, text, align)
    if position == "leftvert":
        return Text(x - SPACER - size / 2 - offset, y + height / 2, size, rgb, text, "center", True)
    if position == "rightvert":
        return Text(
            x + width + SPACER + size / 2 + offset, y + height / 2, size, rgb, text, "center", True
        )
    return Text(x + width / 2, y - SPACER - size - offset, size, rgb, text, "center")


def microns(value: float, unit: str) -> float | None:
    found = LENGTH_UNITS.get(unit)
    return None if found is None else value * found[1]


def _scalebar(
    panel: dict[str, Any], crop: Crop, x: float, y: float, width: float, height: float
) -> Iterator[Operation]:
    bar = panel.get("scalebar")
    if not isinstance(bar, dict) or not bar.get("show"):
        return
    pixel = microns(
        number(panel, "pixel_size_x", 0), str(panel.get("pixel_size_x_unit") or "MICROMETER")
    )
    unit = str(bar.get("units") or "MICROMETER")
    length = microns(number(bar, "length", 10), unit)
    if not pixel or not length:
        return
    points = length / pixel * width / crop.width
    margin, thickness = number(bar, "margin", 10), number(bar, "height", 3)
    right = "right" in str(bar.get("position", "bottomright"))
    bottom = "bottom" in str(bar.get("position", "bottomright"))
    x1 = x + width - margin - points if right else x + margin
    y1 = y + height - margin - thickness / 2 if bottom else y + margin + thickness / 2
    rgb = colour(bar.get("color"), (255, 255, 255))
    yield Line(((x1, y1), (x1 + points, y1)), rgb, thickness)
    if bar.get("show_label"):
        size = number(bar, "font_size", 10)
        symbol = LENGTH_UNITS[unit][0]
        text = f"{number(bar, 'length', 10):g} {symbol}"
        ty = y1 - thickness / 2 - 2 - size if bottom else y1 + thickness / 2 + 2
        yield Text(x1 + points / 2, ty, size, rgb, text, "center")


def to_page(
    panel: dict[str, Any], crop: Crop, x: float, y: float, width: float, height: float
) -> Callable[[float, float], tuple[float, float]]:
    """Image pixel coordinates to page points for a panel: crop, scale, flips, then the
    panel's rotation about its centre (clockwise, as the front end shows it)."""
    scale = width / crop.width
    angle = math.radians(number(panel, "rotation", 0))
    cos, sin = math.cos(angle), math.sin(angle)
    cx, cy = x + width / 2, y + height / 2
    flip_x = -1 if panel.get("horizontal_flip") else 1
    flip_y = -1 if panel.get("vertical_flip") else 1

    def convert(px: float, py: float) -> tuple[float, float]:
        dx = ((px - crop.x) * scale - width / 2) * flip_x
        dy = ((py - crop.y) * scale - height / 2) * flip_y
        return (cx + dx * cos - dy * sin, cy + dx * sin + dy * cos)

    return convert


def _shapes(
    panel: dict[str, Any], crop: Crop, x: float, y: float, width: float, height: float
) -> Iterator[Operation]:
    convert = to_page(panel, crop, x, y, width, height)
    scale = width / crop.width
    shapes = [shape for shape in panel.get("shapes") or [] if isinstance(shape, dict)]
    # Text goes on top of the other shapes (an inset's letter over its outline).
    shapes.sort(key=lambda shape: str(shape.get("type", "")) == "Text")
    for shape in shapes:
        kind = str(shape.get("type", ""))
        rgb = colour(shape.get("strokeColor"), (255, 255, 255))
        line = number(shape, "strokeWidth", 2)
        if kind == "Rectangle":
            corners = [convert(*corner) for corner in _rectangle(shape)]
            yield Line(tuple(corners), rgb, line, closed=True)
        elif kind == "Text":
            found = _text_shape(panel, shape, convert(number(shape, "x"), number(shape, "y")))
            if found is not None:
                yield found
        elif kind in ("Line", "Arrow"):
            start = convert(number(shape, "x1"), number(shape, "y1"))
            end = convert(number(shape, "x2"), number(shape, "y2"))
            yield Line((start, end), rgb, line)
            if kind == "Arrow":
                yield _arrow_head(start, end, rgb, line)
        elif kind == "Ellipse":
            cx, cy = convert(number(shape, "x"), number(shape, "y"))
            angle = number(shape, "rotation", 0) + number(panel, "rotation", 0)
            yield Ellipse(
                cx,
                cy,
                number(shape, "radiusX") * scale,
                number(shape, "radiusY") * scale,
                rgb,
                line,
                angle,
            )
        elif kind == "Point":
            cx, cy = convert(number(shape, "x"), number(shape, "y"))
            yield Ellipse(cx, cy, 2 * line, 2 * line, rgb, line)
        elif kind in ("Polygon", "Polyline"):
            points = _points(str(shape.get("points", "")))
            if len(points) >= 2:
                yield Line(
                    tuple(convert(px, py) for px, py in points), rgb, line, closed=kind == "Polygon"
                )


def _rectangle(shape: dict[str, Any]) -> list[tuple[float, float]]:
    """A Rectangle's corners in image pixels: turned by its ``rotation`` (degrees,
    about its centre, as OMERO.figure turns an inset's outline on a rotated panel),
    then through its ``transform``."""
    sx, sy = number(shape, "x"), number(shape, "y")
    sw, sh = number(shape, "width"), number(shape, "height")
    corners = [(sx, sy), (sx + sw, sy), (sx + sw, sy + sh), (sx, sy + sh)]
    angle = math.radians(number(shape, "rotation", 0))
    if angle:
        cx, cy = sx + sw / 2, sy + sh / 2
        cos, sin = math.cos(angle), math.sin(angle)
        corners = [
            (cx + (px - cx) * cos - (py - cy) * sin, cy + (px - cx) * sin + (py - cy) * cos)
            for px, py in corners
        ]
    transform = shape.get("transform")
    if isinstance(transform, dict):
        a = [number(transform, key, 0) for key in ("A00", "A01", "A02", "A10", "A11", "A12")]
        corners = [
            (px * a[0] + py * a[1] + a[2], px * a[3] + py * a[4] + a[5]) for px, py in corners
        ]
    return corners


def _text_shape(
    panel: dict[str, Any], shape: dict[str, Any], at: tuple[float, float]
) -> Text | None:
    """A Text shape (an inset's letter) centred on its point vertically, anchored by
    ``textAnchor`` (``start``, ``middle``, ``end``; mirrored by a horizontal flip)."""
    text = str(shape.get("text") or "")
    if not text or shape.get("showText") is False:
        return None
    size = number(shape, "fontSize", 12)
    anchor = str(shape.get("textAnchor") or "start")
    if panel.get("horizontal_flip"):
        anchor = {"start": "end", "end": "start"}.get(anchor, anchor)
    align = {"middle": "center", "end": "right"}.get(anchor, "left")
    rgb = colour(shape.get("strokeColor"), (255, 255, 255))
    return Text(at[0], at[1] - size * 0.43, size, rgb, text, align)


def _arrow_head(
    start: tuple[float, float], end: tuple[float, float], rgb: Rgb, line: float
) -> Line:
    angle = math.atan2(end[1] - start[1], end[0] - start[0])
    length = max(3 * line, 6)
    wings = [
        (end[0] - length * math.cos(angle + turn), end[1] - length * math.sin(angle + turn))
        for turn in (math.pi / 7, -math.pi / 7)
    ]
    return Line((end, wings[0], wings[1]), rgb, line, closed=True, filled=True)


def _points(text: str) -> list[tuple[float, float]]:
    """OMERO's ``"x,y x,y ..."`` as pairs (what is not a number is left out)."""
    numbers = [float(value) for value in text.replace(",", " ").split() if _isnumber(value)]
    return list(zip(numbers[0::2], numbers[1::2], strict=False))


def _isnumber(value: str) -> bool:
    try:
        return math.isfinite(float(value))
    except ValueError:
        return False


def panel_pixels(box: PanelImage, dpi: float) -> tuple[int, int]:
    """The pixel size a panel's image is rendered at for ``dpi`` (at least 1 x 1)."""
    return (max(1, round(box.width * dpi / 72)), max(1, round(box.height * dpi / 72)))


PanelRenderer = Callable[[PanelImage, tuple[int, int]], NDArray[np.uint8]]
