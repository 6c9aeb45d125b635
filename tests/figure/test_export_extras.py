"""The figure export's colour bars and inset outlines, as OMERO.figure's export
script draws them: checked in the PDF (rasterised by ``pdftoppm``, its text read by
``pdftotext``) and in the TIFF, both at 72 dpi (one pixel per point).

The panel shows the owner's 64 x 48 image at 4 points per pixel (256 x 192 points at
50, 60), its one active channel blue, so yellow and red marks cannot be the image's.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.test import Client
from PIL import Image as PILImage
from tests.figure.test_export import correlation, figure_of, panel, rendered, require_pdftoppm

from pyomero.imaging.figure_export import export_figure
from pyomero.model.context import EventContext
from pyomero.model.models import Image
from pyomero.rendering.lookup import default_luts

YELLOW = np.array([255, 255, 0])


def blue_panel(owner: Client, image: Image, **fields: Any) -> dict[str, Any]:
    found = panel(owner, image, **fields)
    found["channels"][0]["color"] = "0000FF"
    found["channels"][1]["active"] = False
    return found


def pdf_page(result: bytes, tmp_path: Path) -> np.ndarray:
    pdftoppm = require_pdftoppm()
    (tmp_path / "figure.pdf").write_bytes(result)
    subprocess.run(
        [pdftoppm, "-r", "72", "-png", "-f", "1", "-l", "1", "figure.pdf", "page"],
        cwd=tmp_path,
        check=True,
    )
    (page,) = sorted(tmp_path.glob("page*.png"))
    return np.asarray(PILImage.open(page).convert("RGB")).astype(int)


def tiff_page(result: bytes) -> np.ndarray:
    return np.asarray(PILImage.open(io.BytesIO(result)).convert("RGB")).astype(int)


def near(pixels: np.ndarray, rgb: Any, tolerance: int = 60) -> np.ndarray:
    return np.abs(pixels - np.asarray(rgb)).max(axis=-1) < tolerance


def yellowish(pixels: np.ndarray) -> np.ndarray:
    """Pixels of yellow text, anti-aliased over the blue image."""
    return np.minimum(pixels[..., 0], pixels[..., 1]) - pixels[..., 2] > 60


def colorbar(**fields: Any) -> dict[str, Any]:
    return {
        "show": True,
        "position": "right",
        "thickness": 15,
        "gap": 5,
        "num_ticks": 7,
        "mark_len": 3,
        "tick_margin": 2,
        "font_size": 10,
        "axis_color": "000000",
        **fields,
    }


def test_it_draws_a_colour_bar_beside_a_panel_in_the_pdf(
    owner: Client, owner_ctx: EventContext, image: Image, tmp_path: Path
) -> None:
    """Figure_To_Pdf.py ``draw_colorbar``: the first active channel's ramp to the
    right of the panel (``gap`` away, ``thickness`` wide, the panel's height), high
    end on top, with ``num_ticks`` labels from the window's start to its end."""
    with_bar = blue_panel(owner, image, colorbar=colorbar())
    with_bar["channels"][0].update(color="FF0000", window={"start": 0, "end": 120})
    result = export_figure(owner_ctx, figure_of(with_bar), "PDF").content
    page = pdf_page(result, tmp_path)
    ramp = page[62:250, 311 + 7]  # the ramp's middle column, top to bottom
    assert (ramp[:, 1:] < 40).all()  # red only
    assert ramp[0, 0] > 220 and ramp[-1, 0] < 30
    assert correlation(ramp[:, 0], np.linspace(255, 0, len(ramp))) > 0.99
    assert near(page[60 + 96, 326 : 326 + 3], (0, 0, 0)).all()  # the middle tick
    assert near(page[62:250, 326], (0, 0, 0)).mean() > 0.9  # the axis
    pdftotext = shutil.which("pdftotext") or "pdftotext"  # poppler-utils, as pdftoppm
    text = subprocess.run(
        [pdftotext, "-f", "1", "-l", "1", "figure.pdf", "-"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    ticks = ["120", "100", "80", "60", "40", "20", "0"]
    assert [word for word in text if word in ticks] == ticks


def test_it_draws_a_lookup_tables_colour_bar_under_a_panel_in_the_tiff(
    owner: Client, owner_ctx: EventContext, image: Image
) -> None:
    """Figure_To_Pdf.py ``get_color_ramp``: a channel with a lookup table shows the
    table, low end on the left, under the panel for ``position: bottom``."""
    with_bar = blue_panel(owner, image, colorbar=colorbar(position="bottom"))
    with_bar["channels"][0]["color"] = "fire.lut"
    result = export_figure(owner_ctx, figure_of(with_bar), "TIFF", dpi=72).content
    page = tiff_page(result)
    row = page[252 + 5 + 7, 50 : 50 + 256]
    table = default_luts().get("fire.lut").table.astype(int)
    for channel in range(3):
        assert correlation(row[:, channel], table[:, channel]) > 0.95
    assert near(page[252 + 5 + 15, 52:304], (0, 0, 0)).mean() > 0.9  # the axis below
    assert near(page[273:300, 40:320], (0, 0, 0)).any()  # the labels below it


def test_a_panel_without_a_shown_colour_bar_has_none(
    owner: Client, owner_ctx: EventContext, image: Image
) -> None:
    """``colorbar.show`` false (OMERO.figure keeps the settings of a hidden bar)."""
    hidden = blue_panel(owner, image, colorbar=colorbar(show=False))
    page = tiff_page(export_figure(owner_ctx, figure_of(hidden), "TIFF", dpi=72).content)
    assert (page[60:252, 306:360] > 250).all()


def inset_figure(owner: Client, image: Image, rotation: float = 0) -> dict[str, Any]:
    """OMERO.figure's "Add inset": a Rectangle (and its letter, a Text shape) on the
    parent, and a panel zoomed on the rectangle whose ``insetRoiId`` names it."""
    parent = blue_panel(
        owner,
        image,
        shapes=[
            {
                "type": "Rectangle",
                "x": 8,
                "y": 8,
                "width": 16,
                "height": 16,
                "strokeColor": "#FFFF00",
                "strokeWidth": 2,
                "fillColor": "#FFFFFF",
                "fillOpacity": 0,
                "id": 123,
                "textId": 124,
                "rotation": rotation,
            },
            {
                "type": "Text",
                "x": 16,
                "y": 16,
                "text": "A",
                "fontSize": 12,
                "textAnchor": "middle",
                "strokeColor": "#FFFF00",
                "id": 124,
            },
        ],
    )
    inset = blue_panel(
        owner, image, x=330, width=192, height=192, zoom=400, dx=16, dy=8, insetRoiId=123
    )
    inset["labels"] = [
        {"text": "A", "size": 18, "position": "topleft", "color": "FFFF00", "inset": True}
    ]
    return figure_of(parent, inset)


@pytest.mark.parametrize("option", ["PDF", "TIFF"])
def test_it_outlines_an_inset_on_its_parent_panel(
    owner: Client, owner_ctx: EventContext, image: Image, tmp_path: Path, option: str
) -> None:
    """Figure_To_Pdf.py ``ShapeExport``: the inset's Rectangle drawn on the parent
    (image pixels 8..24 at 4 points per pixel), its letter on top, and the inset panel
    showing that region."""
    result = export_figure(owner_ctx, inset_figure(owner, image), option, dpi=72).content
    page = pdf_page(result, tmp_path) if option == "PDF" else tiff_page(result)
    for edge in (
        page[60 + 32, 50 + 36 : 50 + 92],
        page[60 + 96, 50 + 36 : 50 + 92],
        page[60 + 36 : 60 + 92, 50 + 32],
        page[60 + 36 : 60 + 92, 50 + 96],
    ):
        assert near(edge, YELLOW).mean() > 0.9
    letter = page[60 + 64 - 8 : 60 + 64 + 8, 50 + 64 - 8 : 50 + 64 + 8]
    assert yellowish(letter).sum() > 10
    assert not near(page[60 + 40 : 60 + 50, 50 + 40 : 50 + 50], YELLOW).any()
    drawn = page[60 + 30 : 60 + 192, 330 : 330 + 192]
    crop = f"region=8,8,16,16&{query_of_blue()}"
    expected = rendered(owner, image, crop, (192, 192))[30:]
    assert correlation(drawn, expected) > 0.9
    assert yellowish(page[60 + 5 : 60 + 25, 330 + 5 : 330 + 20]).sum() > 10  # its label


def query_of_blue() -> str:
    return "c=1|$0000FF,-2&m=c"


def test_it_turns_an_insets_outline_with_its_rotation(
    owner: Client, owner_ctx: EventContext, image: Image
) -> None:
    """OMERO.figure rotates an inset's Rectangle about its centre (``rotation``, as on
    a rotated panel): a 45-degree square stands on a corner."""
    figure = inset_figure(owner, image, rotation=45)
    page = tiff_page(export_figure(owner_ctx, figure, "TIFF", dpi=72).content)
    centre_x, centre_y, half_diagonal = 50 + 64, 60 + 64, 32 * 2**0.5
    top_corner = page[
        round(centre_y - half_diagonal) - 2 : round(centre_y - half_diagonal) + 3,
        centre_x - 2 : centre_x + 3,
    ]
    assert near(top_corner, YELLOW).any()
    assert not near(page[60 + 32, 50 + 34 : 50 + 40], YELLOW).any()  # no upright corner
