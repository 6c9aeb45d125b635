"""Figure pages painted as PDF: the one module that uses reportlab.

Panels are embedded at ``dpi`` (their pixels rendered by the caller), text in
Helvetica, lines and ellipses as vector paths, colour bars as images stretched to
their boxes; an optional last page lists the
figure's name, legend and images, as OMERO.figure's export does.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image
from reportlab.lib.utils import ImageReader  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from pyomero.rendering.figure import (
    Ellipse,
    Line,
    Page,
    PanelImage,
    PanelRenderer,
    Ramp,
    Rgb,
    Text,
    panel_pixels,
)

FONT = "Helvetica"
#: Where the baseline sits below the top of a line of text, as a share of its size.
ASCENT = 0.78


def _rgb(canvas: Canvas, rgb: Rgb) -> None:
    canvas.setStrokeColorRGB(*(v / 255 for v in rgb))
    canvas.setFillColorRGB(*(v / 255 for v in rgb))


def _text(canvas: Canvas, page: Page, op: Text) -> None:
    _rgb(canvas, op.rgb)
    canvas.setFont(FONT, op.size)
    if op.vertical:
        canvas.saveState()
        canvas.translate(op.x, page.height - op.y)
        canvas.rotate(90)
        canvas.drawCentredString(0, -op.size * (ASCENT - 0.5), op.text)
        canvas.restoreState()
        return
    baseline = page.height - op.y - op.size * ASCENT
    draw = {"center": canvas.drawCentredString, "right": canvas.drawRightString}
    draw.get(op.align, canvas.drawString)(op.x, baseline, op.text)


def _line(canvas: Canvas, page: Page, op: Line) -> None:
    _rgb(canvas, op.rgb)
    canvas.setLineWidth(op.width)
    path = canvas.beginPath()
    first, *rest = op.points
    path.moveTo(first[0], page.height - first[1])
    for x, y in rest:
        path.lineTo(x, page.height - y)
    if op.closed:
        path.close()
    canvas.drawPath(path, stroke=1, fill=1 if op.filled else 0)


def _ellipse(canvas: Canvas, page: Page, op: Ellipse) -> None:
    _rgb(canvas, op.rgb)
    canvas.setLineWidth(op.width)
    canvas.saveState()
    canvas.translate(op.cx, page.height - op.cy)
    canvas.rotate(-op.angle)
    canvas.ellipse(-op.rx, -op.ry, op.rx, op.ry, stroke=1, fill=0)
    canvas.restoreState()


def _image(canvas: Canvas, page: Page, op: PanelImage, render: PanelRenderer, dpi: float) -> None:
    pixels = render(op, panel_pixels(op, dpi))
    reader = ImageReader(Image.fromarray(pixels))
    canvas.drawImage(reader, op.x, page.height - op.y - op.height, op.width, op.height)


def _ramp(canvas: Canvas, page: Page, op: Ramp) -> None:
    reader = ImageReader(Image.fromarray(op.pixels()))
    canvas.drawImage(reader, op.x, page.height - op.y - op.height, op.width, op.height)


def write_pdf(
    pages: Sequence[Page],
    render: PanelRenderer,
    *,
    dpi: float = 300,
    title: str = "",
    info: Sequence[str] = (),
) -> bytes:
    """The PDF of ``pages``; ``info`` lines make a last page when given."""
    out = io.BytesIO()
    canvas = Canvas(out, pageCompression=1)
    canvas.setTitle(title)
    canvas.setCreator("pyomero (OMERO.figure export)")
    for page in pages:
        canvas.setPageSize((page.width, page.height))
        if page.rgb != (255, 255, 255):
            _rgb(canvas, page.rgb)
            canvas.rect(0, 0, page.width, page.height, stroke=0, fill=1)
        for op in page.operations:
            if isinstance(op, PanelImage):
                _image(canvas, page, op, render, dpi)
            elif isinstance(op, Text):
                _text(canvas, page, op)
            elif isinstance(op, Line):
                _line(canvas, page, op)
            elif isinstance(op, Ramp):
                _ramp(canvas, page, op)
            else:
                _ellipse(canvas, page, op)
        canvas.showPage()
    if info and pages:
        _info_page(canvas, pages[0], info)
    canvas.save()
    return out.getvalue()


def _info_page(canvas: Canvas, page: Page, lines: Sequence[str]) -> None:
    canvas.setPageSize((page.width, page.height))
    _rgb(canvas, (0, 0, 0))
    y = page.height - 50
    for number, line in enumerate(lines):
        size = 14 if number == 0 else 10
        canvas.setFont(FONT, size)
        canvas.drawString(40, y, line)
        y -= size + 6
        if y < 40:
            canvas.showPage()
            canvas.setPageSize((page.width, page.height))
            y = page.height - 50
    canvas.showPage()
