"""The web upload in a real browser: choose a file with the labelled input while a
dataset is selected, watch it import, follow the link to the new image. Skipped as
``test_browser.py`` is (no Playwright, Chromium or bundle), except under ``CI=true``."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.webclient.test_browser import BUNDLE, PASSWORD, shot

from pyomero.pixels import synthetic as syn
from pyomero.testing import browser
from pyomero.testing.live import LiveServer, live_server

SETUP = f"""
from pyomero.model.actions import create_experimenter, do_create_dataset, do_create_group
from pyomero.model.context import event_context
from pyomero.model.models import Experimenter
root = Experimenter.objects.get(ome_name="root")
lab = do_create_group(event_context(root, -1), "lab", "read-annotate")
alice = create_experimenter(
    "alice", first_name="Alice", last_name="L", password={PASSWORD!r}, groups=[lab]
)
do_create_dataset(event_context(alice, lab), "Day 1")
"""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    browser.require(BUNDLE)
    with live_server(tmp_path / "omero", {"omero.tasks.backend": "immediate"}) as started:
        started.python(SETUP)
        yield started


def test_it_uploads_a_file_into_the_selected_dataset(server: LiveServer, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    tiff = tmp_path / "cells.ome.tif"
    syn.write_ome_tiff(tiff, syn.synthetic_metadata(64, 48, size_c=2))
    with browser.chromium_page() as page:
        browser.sign_in(page, server.url("/webclient/"), "alice", PASSWORD)
        hint = page.locator(".upload .hint")
        page.get_by_label("choose files").set_input_files(str(tiff))  # nothing selected yet
        expect(hint).to_contain_text("Select a dataset or a screen in the tree first")
        page.locator("#tree .label", has_text="Day 1").click()
        expect(hint).to_have_text("Select a dataset or screen, then drop files or folders here, or")
        loads: list[str] = []
        page.on("load", lambda _: loads.append(page.url))
        page.get_by_label("choose files").set_input_files(str(tiff))
        activity = page.locator("#activities li")
        expect(activity).to_contain_text("cells.ome.tif: complete")
        expect(page.locator("#thumbnails")).to_contain_text("synthetic")  # the OME-XML name
        day1 = page.locator("#tree .node", has=page.get_by_role("button", name="Day 1"))
        expect(day1.locator(".count")).to_have_text("1")  # the tree's count, in place
        shot(page, "10-uploaded")
        activity.get_by_role("link").first.click()
        page.wait_for_url("**/webclient/?show=image-*")
        expect(page.locator("#panel h2")).to_have_text("synthetic")
        selected = page.locator("#thumbnails button[aria-pressed=true]")
        expect(selected).to_contain_text("synthetic")
        assert loads == []


def test_it_uploads_a_folder_chosen_with_the_folder_picker(
    server: LiveServer, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    folder = tmp_path / "plate-scan"
    folder.mkdir()
    syn.write_ome_tiff(folder / "well-a1.ome.tif", syn.synthetic_metadata(64, 48, size_c=1))
    syn.write_ome_tiff(folder / "well-a2.ome.tif", syn.synthetic_metadata(64, 48, size_c=1))
    with browser.chromium_page() as page:
        browser.sign_in(page, server.url("/webclient/"), "alice", PASSWORD)
        page.locator("#tree .label", has_text="Day 1").click()
        page.get_by_label("choose a folder").set_input_files(str(folder))
        activity = page.locator("#activities li")
        expect(activity).to_contain_text(": complete")
        expect(activity).to_contain_text("plate-scan/well-a1.ome.tif")  # the folder kept

        # Both selected, the batch panel downloads their originals as one streamed zip.
        grid = page.locator("#thumbnails")
        expect(grid.get_by_role("button")).to_have_count(2)
        grid.get_by_role("button").first.click()
        grid.get_by_role("button").last.click(modifiers=["Shift"])
        originals = page.locator("#panel").get_by_role("link", name="Originals (zip)")
        zipped = page.request.get(server.url(originals.get_attribute("href") or ""))
        assert zipped.ok, zipped.text()
        with zipfile.ZipFile(io.BytesIO(zipped.body())) as archive:
            assert sorted(name.rsplit("/", 1)[-1] for name in archive.namelist()) == [
                "well-a1.ome.tif",
                "well-a2.ome.tif",
            ]
