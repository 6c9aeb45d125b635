"""The figure export: a figure JSON rendered to PDF and TIFF by pyomero itself. The
PDF is rasterised by poppler's ``pdftoppm`` and each panel compared with
``render_image`` of the same settings."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import tifffile
from django.test import Client
from PIL import Image as PILImage

from pyomero.imaging.figure_export import export_figure
from pyomero.model.context import EventContext
from pyomero.model.models import Image
from pyomero.rendering import InvalidParameterError


def require_pdftoppm() -> str:
    found = shutil.which("pdftoppm")
    if found is None:
        reason = "pdftoppm is not installed (Debian package poppler-utils)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {reason}")
        pytest.skip(reason)
    return found


def panel(owner: Client, image: Image, **fields: Any) -> dict[str, Any]:
    """A panel as OMERO.figure makes it from ``imgData``."""
    data = owner.get(f"/figure/imgData/{image.pk}/").json()
    channels = [
        {
            "active": c["active"],
            "color": c["color"],
            "label": c["label"],
            "window": {"start": c["window"]["start"], "end": c["window"]["end"]},
        }
        for c in data["channels"]
    ]
    return {
        "imageId": image.pk,
        "name": image.name,
        "x": 50,
        "y": 60,
        "width": 256,
        "height": 192,
        "zoom": 100,
        "dx": 0,
        "dy": 0,
        "rotation": 0,
        "orig_width": data["size"]["width"],
        "orig_height": data["size"]["height"],
        "theZ": 1,
        "theT": 0,
        "channels": channels,
        "labels": [],
        **fields,
    }


def figure_of(*panels: dict[str, Any]) -> dict[str, Any]:
    return {
        "figureName": "Export test",
        "paper_width": 595,
        "paper_height": 842,
        "page_count": 1,
        "panels": list(panels),
        "legend": "A legend",
    }


def rendered(owner: Client, image: Image, query: str, size: tuple[int, int]) -> np.ndarray:
    response = owner.get(f"/webgateway/render_image/{image.pk}/1/0/?{query}&format=png")
    assert response.status_code == 200
    picture = PILImage.open(io.BytesIO(response.content)).convert("RGB")
    return np.asarray(picture.resize(size, PILImage.Resampling.BILINEAR), dtype=float)


def correlation(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a.astype(float).ravel(), b.astype(float).ravel())[0, 1])


def query_of(p: dict[str, Any]) -> str:
    parts = [
        f"{i}|{c['window']['start']}:{c['window']['end']}${c['color']}"
        for i, c in enumerate(p["channels"], start=1)
    ]
    return "c=" + ",".join(parts) + "&m=c"


def test_it_exports_a_pdf_whose_panels_match_the_rendered_images(
    owner: Client, owner_ctx: EventContext, image: Image, tmp_path: Path
) -> None:
    pdftoppm = require_pdftoppm()
    first = panel(owner, image)
    second = panel(owner, image, x=330, theZ=2)
    second["channels"][1]["active"] = False
    second["labels"] = [{"text": "Z [z]", "size": 12, "position": "top", "color": "000000"}]
    result = export_figure(owner_ctx, figure_of(first, second), "PDF")
    assert result.name == "Export test.pdf"
    assert result.content.startswith(b"%PDF")
    (tmp_path / "figure.pdf").write_bytes(result.content)
    subprocess.run([pdftoppm, "-r", "72", "-png", "figure.pdf", "page"], cwd=tmp_path, check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 2  # the figure and its info page
    page = np.asarray(PILImage.open(pages[0]).convert("RGB"))
    assert page.shape[:2] == (842, 595)
    drawn_first = page[60 : 60 + 192, 50 : 50 + 256]
    expected_first = rendered(owner, image, query_of(first), (256, 192))
    assert correlation(drawn_first, expected_first) > 0.95
    drawn_second = page[60 : 60 + 192, 330 : 330 + 256]
    off = query_of(second).replace(",2|", ",-2|")
    expected_second = rendered(owner, image, off, (256, 192)).copy()
    response = owner.get(f"/webgateway/render_image/{image.pk}/2/0/?{off}&format=png")
    picture = PILImage.open(io.BytesIO(response.content)).convert("RGB").resize((256, 192))
    expected_second = np.asarray(picture, dtype=float)
    assert correlation(drawn_second, expected_second) > 0.95
    assert correlation(drawn_second, expected_first) < correlation(drawn_second, expected_second)
    label_band = page[60 - 22 : 60 - 3, 330 : 330 + 256]
    assert (label_band < 128).any()  # the label's black text above the second panel


def test_it_exports_a_tiff_at_300_dpi_with_the_panels_in_place(
    owner: Client, owner_ctx: EventContext, image: Image
) -> None:
    first = panel(owner, image)
    result = export_figure(owner_ctx, figure_of(first), "TIFF")
    assert result.name.endswith(".tiff")
    with tifffile.TiffFile(io.BytesIO(result.content)) as tiff:
        page = tiff.pages[0].asarray()
        resolution = tiff.pages[0].tags["XResolution"].value
    assert page.shape[:2] == (round(842 * 300 / 72), round(595 * 300 / 72))
    assert resolution[0] / resolution[1] == pytest.approx(300)
    scale = 300 / 72
    top, left = round(60 * scale), round(50 * scale)
    drawn = page[top : top + round(192 * scale), left : left + round(256 * scale)]
    expected = rendered(owner, image, query_of(first), (drawn.shape[1], drawn.shape[0]))
    assert correlation(drawn, expected) > 0.95
    assert (page[: top - 5] == 255).all()  # white paper above the panel


def test_it_draws_the_scalebar_and_rois_of_a_panel(
    owner: Client, owner_ctx: EventContext, image: Image
) -> None:
    image.pixels.physical_size_x, image.pixels.physical_size_x_unit = 1.0, "MICROMETER"
    image.pixels.save()
    with_extras = panel(
        owner,
        image,
        pixel_size_x=1.0,
        pixel_size_x_unit="MICROMETER",
        scalebar={
            "show": True,
            "length": 16,
            "units": "MICROMETER",
            "position": "bottomright",
            "color": "00FF00",
            "height": 4,
            "margin": 10,
        },
        shapes=[
            {
                "type": "Rectangle",
                "x": 8,
                "y": 8,
                "width": 16,
                "height": 16,
                "strokeColor": "#FF00FF",
                "strokeWidth": 2,
            }
        ],
    )
    page = np.asarray(
        PILImage.open(
            io.BytesIO(export_figure(owner_ctx, figure_of(with_extras), "TIFF", dpi=72).content)
        ).convert("RGB")
    ).astype(int)
    # 16 um at 1 um/pixel is 16 image pixels, 64 points at 4 points per pixel.
    bar_row = page[60 + 192 - 10 - 2, 50 + 256 - 10 - 64 + 2 : 50 + 256 - 10 - 2]
    assert (np.abs(bar_row - [0, 255, 0]).max(axis=1) < 40).all()
    edge = page[60 + 8 * 4, 50 + 8 * 4 + 4 : 50 + 24 * 4 - 4]
    assert (np.abs(edge - [255, 0, 255]).max(axis=1) < 40).mean() > 0.9


def test_it_puts_panel_images_in_a_zip_with_the_figure(
    owner: Client, owner_ctx: EventContext, image: Image
) -> None:
    result = export_figure(owner_ctx, figure_of(panel(owner, image)), "PDF & images")
    with zipfile.ZipFile(io.BytesIO(result.content)) as archive:
        names = archive.namelist()
    assert "Export test.pdf" in names
    assert any(name.startswith("images/") and name.endswith(".png") for name in names)


def test_it_refuses_an_unknown_option_and_images_the_user_cannot_see(
    owner: Client, image: Image, personas
) -> None:
    figure = figure_of(panel(owner, image))
    with pytest.raises(InvalidParameterError):
        export_figure(personas.ctx("owner"), figure, "GIF")
    from pyomero.model.errors import ObjectNotFoundError

    with pytest.raises(ObjectNotFoundError):
        export_figure(personas.ctx("outsider"), figure, "PDF")
