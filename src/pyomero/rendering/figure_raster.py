"""Figure pages painted as pixels (the TIFF export, 300 dpi by default) with Pillow."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

from pyomero.rendering.figure import (
    Ellipse,
    Line,
    Page,
    PanelImage,
    PanelRenderer,
    Ramp,
    Text,
    panel_pixels,
)


def _font(size: float) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(max(1.0, size))


def _text(picture: Image.Image, op: Text, scale: float) -> None:
    font = _font(op.size * scale)
    left, _, right, bottom = font.getbbox(op.text)
    box = Image.new("RGBA", (max(1, int(right - left) + 2), max(1, int(bottom) + 2)))
    ImageDraw.Draw(box).text((-left + 1, 0), op.text, font=font, fill=(*op.rgb, 255))
    if op.vertical:
        box = box.rotate(90, expand=True)
        x, y = op.x * scale - box.width / 2, op.y * scale - box.height / 2
    else:
        shift = {"center": box.width / 2, "right": box.width}.get(op.align, 0)
        x, y = op.x * scale - shift, op.y * scale
    picture.alpha_composite(box, (round(x), round(y)))


def _ellipse_points(op: Ellipse, scale: float) -> list[tuple[float, float]]:
    angle = math.radians(op.angle)
    points = []
    for step in range(72):
        theta = 2 * math.pi * step / 72
        dx, dy = op.rx * math.cos(theta), op.ry * math.sin(theta)
        x = op.cx + dx * math.cos(angle) - dy * math.sin(angle)
        y = op.cy + dx * math.sin(angle) + dy * math.cos(angle)
        points.append((x * scale, y * scale))
    return points


def _ramp(picture: Image.Image, op: Ramp, scale: float) -> None:
    left, top = round(op.x * scale), round(op.y * scale)
    size = (
        max(1, round((op.x + op.width) * scale) - left),
        max(1, round((op.y + op.height) * scale) - top),
    )
    strip = Image.fromarray(op.pixels()).resize(size, Image.Resampling.BILINEAR)
    picture.paste(strip.convert("RGBA"), (left, top))


def paint(page: Page, render: PanelRenderer, dpi: float) -> NDArray[np.uint8]:
    """The (H, W, 3) pixels of a page at ``dpi``."""
    scale = dpi / 72
    size = (max(1, round(page.width * scale)), max(1, round(page.height * scale)))
    picture = Image.new("RGBA", size, (*page.rgb, 255))
    draw = ImageDraw.Draw(picture)
    for op in page.operations:
        if isinstance(op, PanelImage):
            width, height = panel_pixels(op, dpi)
            pixels = Image.fromarray(render(op, (width, height))).convert("RGBA")
            picture.paste(pixels, (round(op.x * scale), round(op.y * scale)))
        elif isinstance(op, Text):
            _text(picture, op, scale)
        elif isinstance(op, Ramp):
            _ramp(picture, op, scale)
        elif isinstance(op, Line):
            points = [(x * scale, y * scale) for x, y in op.points]
            width = max(1, round(op.width * scale))
            if op.filled:
                draw.polygon(points, fill=op.rgb, outline=op.rgb)
            else:
                draw.line([*points, points[0]] if op.closed else points, fill=op.rgb, width=width)
        else:
            points = _ellipse_points(op, scale)
            draw.line([*points, points[0]], fill=op.rgb, width=max(1, round(op.width * scale)))
    return np.asarray(picture.convert("RGB"))


def write_tiff(pages: Sequence[Page], render: PanelRenderer, *, dpi: float = 300) -> bytes:
    """A TIFF of the pages at ``dpi`` (one TIFF page per figure page)."""
    out = io.BytesIO()
    frames = [Image.fromarray(paint(page, render, dpi)) for page in pages]
    first, *rest = frames
    first.save(
        out, "TIFF", save_all=True, append_images=rest, dpi=(dpi, dpi), compression="tiff_lzw"
    )
    return out.getvalue()
