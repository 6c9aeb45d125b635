"""OMERO.figure, unmodified, in a real browser (headless Debian Chromium driven by
Playwright) against a live server with ``omero_figure`` in ``omero.web.apps``: a new
figure gets two images, a panel's Z and channels change, a label and a scale bar are
added, the figure is saved and reopened, and exported as PDF and as TIFF through the
background queue. The PDF is rasterised by ``pdftoppm`` and the TIFF read by
tifffile; their panel pixels must correlate with ``render_image`` of the same settings
above 0.95. Screenshots go to ``test-artefacts/figure/``.

Needs ``omero-figure`` (``pip install --no-deps omero-figure``), ``playwright``,
``/usr/bin/chromium`` and ``pdftoppm``; without them the test is skipped, except
under ``CI=true`` where it fails.
"""

from __future__ import annotations

import io
import json
import subprocess
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import tifffile
from PIL import Image as PILImage
from tests.figure.conftest import require_figure
from tests.figure.test_export import require_pdftoppm

from pyomero.testing import browser
from pyomero.testing.live import LiveServer, live_server

PASSWORD = "browser-password"
CONFIG = {"omero.web.apps": '["omero_figure"]'}
SETUP = f"""
from pyomero.model.actions import create_experimenter, do_create_group
from pyomero.model.context import event_context
from pyomero.model.models import Experimenter
from pyomero.testing.images import make_pixels_image
root = Experimenter.objects.get(ome_name="root")
lab = do_create_group(event_context(root, -1), "lab", "read-annotate")
alice = create_experimenter("alice", first_name="Alice", last_name="Liddell",
                            password={PASSWORD!r}, groups=[lab])
ctx = event_context(alice, lab)
first = make_pixels_image(ctx, "first.tif", size_x=300, size_y=200, size_z=5, size_c=3)
second = make_pixels_image(ctx, "second.tif", size_x=200, size_y=200, size_z=3, size_c=2)
print(first.pk, second.pk)
"""
SAVED = """
from pyomero.model.actions.files import stored_bytes
from pyomero.model.models import Annotation
figure = Annotation.objects.get(ns="omero.web.figure.json")
print(figure.pk)
print(stored_bytes(figure.file).read_bytes().decode())
"""


def bundle() -> Path:
    spec = find_spec("omero_figure")
    assert spec is not None and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations))) / "static/omero_figure/index.html"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[LiveServer, list[int]]]:
    require_figure()
    browser.require(bundle())
    require_pdftoppm()
    with live_server(tmp_path / "omero", CONFIG) as started:
        yield started, [int(i) for i in started.python(SETUP).split()[-2:]]


def query_of(panel: dict[str, Any]) -> str:
    """``render_image``'s query of a saved panel's channels."""
    parts = []
    for index, channel in enumerate(panel["channels"], start=1):
        sign = "" if channel["active"] else "-"
        window = channel["window"]
        parts.append(f"{sign}{index}|{window['start']}:{window['end']}${channel['color']}")
    return "c=" + ",".join(parts) + "&m=c&format=png"


def correlation(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a.astype(float).ravel(), b.astype(float).ravel())[0, 1])


def box(panel: dict[str, Any], scale: float) -> tuple[int, int, int, int]:
    """A panel's pixels on a page at ``scale`` (less a 2-pixel edge): top, left, bottom, right."""
    top, left = round(panel["y"] * scale), round(panel["x"] * scale)
    bottom, right = (
        round((panel["y"] + panel["height"]) * scale),
        round((panel["x"] + panel["width"]) * scale),
    )
    return top + 2, left + 2, bottom - 2, right - 2


def panel_pixels(page: np.ndarray, panel: dict[str, Any], scale: float) -> np.ndarray:
    top, left, bottom, right = box(panel, scale)
    return page[top:bottom, left:right, :3]


def uncovered(panels: list[dict[str, Any]], index: int, scale: float) -> np.ndarray:
    """Which pixels of panel ``index`` no later panel (painted over it) covers."""
    top, left, bottom, right = box(panels[index], scale)
    mask = np.ones((bottom - top, right - left), dtype=bool)
    for later in panels[index + 1 :]:
        t, lf, b, r = box(later, scale)
        mask[max(t - top, 0) : max(b - top, 0), max(lf - left, 0) : max(r - left, 0)] = False
    return mask


def expected_pixels(page: Any, live: LiveServer, panel: dict[str, Any], shape: tuple) -> np.ndarray:
    url = f"/webgateway/render_image/{panel['imageId']}/{panel['theZ']}/{panel['theT']}/"
    answer = page.request.get(live.url(f"{url}?{query_of(panel)}"))
    assert answer.status == 200
    picture = PILImage.open(io.BytesIO(answer.body())).convert("RGB")
    # the panel shows the whole image (zoom 100, no offset), as the crop in the test is
    full = picture.resize((shape[1] + 4, shape[0] + 4), PILImage.Resampling.BILINEAR)
    return np.asarray(full)[2:-2, 2:-2]


def download(page: Any, live: LiveServer) -> bytes:
    page.locator("#pdf_download").wait_for(state="visible", timeout=90_000)
    href = page.locator("#pdf_download").get_attribute("href")
    assert href and href.startswith("/webclient/annotation/")
    answer = page.request.get(live.url(href))
    assert answer.status == 200
    return answer.body()


def export(page: Any, live: LiveServer, option: str, before: str | None) -> bytes:
    page.locator(f'.export_options a[data-export-option="{option}"]').dispatch_event("click")
    with page.expect_response(lambda r: "/figure/make_web_figure/" in r.url) as started:
        page.locator("button.export_pdf").click()
    assert started.value.status == 200
    if before is not None:
        page.wait_for_function(
            "(old) => document.querySelector('#pdf_download').getAttribute('href') !== old",
            arg=before,
            timeout=90_000,
        )
    return download(page, live)


def test_it_makes_saves_reopens_and_exports_a_figure_in_omero_figure(
    server: tuple[LiveServer, list[int]], tmp_path: Path
) -> None:
    live, ids = server
    errors: list[str] = []
    planes: list[str] = []

    with browser.chromium_page() as page:
        try:
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
            page.on(
                "response",
                lambda r: planes.append(r.url) if "/render_image/" in r.url else None,
            )
            page.on("dialog", lambda dialog: dialog.accept("Two cells"))
            browser.sign_in(page, live.url("/webclient/login/?url=/figure/new/"), "alice", PASSWORD)
            page.wait_for_url("**/figure/new/")

            # The new figure opens on "Add Images": two image ids.
            page.locator("#addImagesModal .imgIds").press_sequentially(f"{ids[0]}, {ids[1]}")
            page.locator("#addImagesModal button[type=submit]").click()
            page.wait_for_function("() => document.querySelectorAll('.imagePanel').length === 2")
            page.locator("button.agrid").click()  # both are selected: lay them out in a grid
            browser.screenshot(page, "figure", "01-two-images")

            # Select the first image's panel: one step up in Z, its second channel off.
            page.mouse.click(640, 700)
            first = page.locator(
                ".imagePanel", has=page.locator(f"img[src*='render_image/{ids[0]}/']")
            )
            box = first.bounding_box()
            page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.locator(".z-increment").click()
            page.locator('#channel_sliders .channel-btn[data-index="1"]').click()
            page.wait_for_function(
                f"() => [...document.querySelectorAll('img.img_panel')].some("
                f"i => i.src.includes('/render_image/{ids[0]}/3/0/') && i.src.includes(',-2|'))"
            )
            page.locator("#contact-tab").click()
            page.locator(".new-label-form .label-text").fill("Cells")
            page.locator(".new-label-form button[type=submit]").click()
            page.locator(".show_scalebar").click()
            browser.screenshot(page, "figure", "02-z-channels-label-scalebar")

            with page.expect_response(lambda r: "/figure/save_web_figure/" in r.url) as saved:
                page.locator("button.save_figure").click()
            assert saved.value.status == 200
            page.wait_for_url("**/figure/file/*")

            # Reopened from the server, the figure is as it was saved.
            page.goto(page.url)
            page.wait_for_function("() => document.querySelectorAll('.imagePanel').length === 2")
            page.get_by_text("Cells").first.wait_for()
            browser.screenshot(page, "figure", "03-reopened")

            pdf = export(page, live, "PDF", None)
            browser.screenshot(page, "figure", "04-exported-pdf")
            href = page.locator("#pdf_download").get_attribute("href")
            tiff = export(page, live, "TIFF", href)
            browser.screenshot(page, "figure", "05-exported-tiff")

            output = live.python(SAVED).strip().splitlines()
            figure = json.loads("\n".join(output[1:]))
            assert figure["figureName"] == "Two cells"
            [edited] = [p for p in figure["panels"] if p["imageId"] == ids[0]]
            assert edited["theZ"] == 3  # 0-based: one above the middle plane of 5
            assert [c["active"] for c in edited["channels"]] == [True, False, True]
            assert [label["text"] for label in edited["labels"]] == ["Cells"]
            assert edited["scalebar"]["show"] is True

            (tmp_path / "figure.pdf").write_bytes(pdf)
            subprocess.run(
                ["pdftoppm", "-r", "144", "-png", "figure.pdf", "page"], cwd=tmp_path, check=True
            )
            [drawn_page, _info] = sorted(tmp_path.glob("page*.png"))
            drawn = np.asarray(PILImage.open(drawn_page).convert("RGB"))
            with tifffile.TiffFile(io.BytesIO(tiff)) as read:
                tiff_page = read.pages[0].asarray()
            panels = figure["panels"]
            for index, panel in enumerate(panels):
                for image, scale in ((drawn, 2.0), (tiff_page, 300 / 72)):
                    found = panel_pixels(image, panel, scale)
                    expected = expected_pixels(page, live, panel, found.shape)
                    seen = uncovered(panels, index, scale)
                    assert seen.mean() > 0.3  # enough of each panel shows to compare
                    similar = correlation(found[seen], expected[seen])
                    assert similar > 0.95, (panel["imageId"], scale, similar)
        except Exception:
            browser.screenshot(page, "figure", "failed")
            raise
    assert any(f"/render_image/{ids[0]}/3/0/" in url for url in planes)
    assert errors == []  # no console error, no Content-Security-Policy violation either
