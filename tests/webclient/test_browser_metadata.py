"""A microscope's file in a real browser: uploaded, the image takes the file's name (its
own, "Image0", says nothing), the panel's Acquisition section names the objective and
the wavelengths, and the Original metadata opens, filters and downloads as OMERO's text
file; nothing reloads the page and axe-core finds nothing to report. Skipped as
``test_browser.py`` is (no Playwright, Chromium or bundle), except under ``CI=true``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from tests.webclient.test_browser import BUNDLE, PASSWORD, shot
from tests.webclient.test_browser_upload import SETUP

from pyomero.pixels import Channel, Length, Objective
from pyomero.pixels import synthetic as syn
from pyomero.testing import browser
from pyomero.testing.live import LiveServer, live_server


@pytest.fixture
def server(tmp_path: Path, live_db: dict[str, str]) -> Iterator[LiveServer]:
    browser.require(BUNDLE)
    config = {**live_db, "omero.tasks.backend": "immediate"}
    with live_server(tmp_path / "omero", config) as started:
        started.python(SETUP)
        yield started


def microscope_file(path: Path) -> Path:
    """An OME-TIFF as a converter writes it, with the generic image name "Image0"."""
    channels = (
        Channel(name="DAPI", excitation_wavelength=Length(405, "nm")),
        Channel(name="GFP", excitation_wavelength=Length(488, "nm")),
    )
    meta = replace(syn.synthetic_metadata(64, 48, size_c=2, name="Image0"), channels=channels)
    syn.write_ome_tiff_acquired(
        path,
        meta,
        objective=Objective(
            model="Plan-Apochromat 63x/1.4 Oil",
            nominal_magnification=63.0,
            lens_na=1.4,
            immersion="Oil",
            microscope="Zeiss Observer",
        ),
        acquired=datetime(2024, 3, 5, 9, 30, tzinfo=UTC),
        original=[("Camera|Exposure", "120 ms"), ("Stage|Temperature", "37 C")],
    )
    return path


def sign_in(page: Any, server: LiveServer) -> None:
    browser.sign_in(page, server.url("/webclient/"), "alice", PASSWORD)


def test_it_shows_what_the_microscope_recorded(server: LiveServer, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    browser.require_axe()
    path = microscope_file(tmp_path / "hela-day3.ome.tif")
    with browser.chromium_page() as page:
        sign_in(page, server)
        page.locator("#tree .label", has_text="Day 1").click()
        loads: list[str] = []
        page.on("load", lambda _: loads.append(page.url))
        page.get_by_label("choose files").set_input_files(str(path))
        expect(page.locator("#activities li")).to_contain_text("hela-day3.ome.tif: complete")

        # Named after the file: "Image0" says nothing.
        grid = page.locator("#thumbnails")
        expect(grid.get_by_role("button", name="hela-day3.ome.tif")).to_be_visible()
        expect(grid).not_to_contain_text("Image0")
        grid.get_by_role("button", name="hela-day3.ome.tif").click()
        panel = page.locator("#panel")
        expect(panel.locator("h2")).to_have_text("hela-day3.ome.tif")

        # The Acquisition section: date, microscope, objective, wavelengths.
        facts = panel.locator("dl[aria-labelledby=acquisition-title]")
        expect(facts).to_contain_text("2024-03-05")
        expect(facts).to_contain_text("Zeiss Observer")
        expect(facts).to_contain_text("Plan-Apochromat 63x/1.4 Oil")
        expect(facts).to_contain_text("63x")
        expect(facts).to_contain_text("1.4")
        expect(facts).to_contain_text("Oil")
        channels = panel.locator("table.channels")
        expect(channels.get_by_role("row", name="GFP")).to_contain_text("488 nm")

        # The Original metadata, opened on demand, filtered.
        panel.get_by_text("Original metadata", exact=True).click()
        table = panel.locator("#om-global")
        expect(table).to_contain_text("Camera|Exposure")
        expect(table.get_by_role("row", name="Software")).to_contain_text("pyomero synthetic")
        rows = table.locator("tbody tr")
        panel.get_by_label("Filter global metadata").fill("exposure")
        expect(rows.locator("visible=true")).to_have_count(1)
        expect(rows.locator("visible=true")).to_contain_text("120 ms")
        panel.get_by_label("Filter global metadata").fill("temperature 99")
        expect(panel.get_by_text("No pair matches the filter")).to_be_visible()
        panel.get_by_label("Filter global metadata").fill("")
        assert rows.count() > 5  # the TIFF tags and the vendor's pairs
        shot(page, "20-original-metadata")
        assert browser.axe_violations(page) == []

        # Downloaded as OMERO's text file.
        with page.expect_download() as started:
            panel.get_by_role("link", name="Download as text").click()
        download = started.value
        assert download.suggested_filename == "Original_Metadata.txt"
        text = Path(download.path()).read_text(encoding="utf-8")
        assert text.startswith("[Global Metadata]\n")
        assert "Camera|Exposure=120 ms\n" in text
        assert "[Series Metadata]" in text
        assert loads == []
