"""An upload imported in the background (the server's own ``thread`` task queue, as a
default install runs it), watched in a real browser: the Activities list says
"importing" with the progress, then "complete", the tree's count and the thumbnails
follow, and nothing reloads the page (the list is polled every 0.8 s while an import
runs). Skipped as ``test_browser.py`` is (no Playwright, Chromium or bundle), except
under ``CI=true``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.webclient.test_browser import BUNDLE, PASSWORD, shot
from tests.webclient.test_browser_upload import SETUP

from pyomero.pixels import synthetic as syn
from pyomero.testing import browser
from pyomero.testing.live import LiveServer, live_server

# Every text the Activities list shows, recorded as it changes.
RECORD = """() => {
  window.seenActivities = [];
  const list = document.getElementById("activities");
  new MutationObserver(() => window.seenActivities.push(list.textContent)).observe(
    list, { childList: true, subtree: true, characterData: true });
}"""


@pytest.fixture
def server(tmp_path: Path, live_db: dict[str, str]) -> Iterator[LiveServer]:
    browser.require(BUNDLE)
    with live_server(tmp_path / "omero", live_db) as started:  # the default task queue
        started.python(SETUP)
        yield started


def test_the_activities_show_a_background_import_move_to_done(
    server: LiveServer, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    stack = tmp_path / "timelapse.ome.tif"  # 32 planes of 1024 x 1024: seconds of work
    syn.write_ome_tiff(stack, syn.synthetic_metadata(1024, 1024, size_z=8, size_c=2, size_t=2))
    with browser.chromium_page() as page:
        browser.sign_in(page, server.url("/webclient/"), "alice", PASSWORD)
        page.locator("#tree .label", has_text="Day 1").click()
        loads: list[str] = []
        page.on("load", lambda _: loads.append(page.url))
        page.evaluate(RECORD)
        page.get_by_label("choose files").set_input_files(str(stack))

        activity = page.locator("#activities li")
        expect(activity).to_contain_text("timelapse.ome.tif: importing")
        shot(page, "40-importing")
        expect(activity).to_contain_text("timelapse.ome.tif: complete", timeout=120_000)
        seen: list[str] = page.evaluate("window.seenActivities")
        assert any("importing" in text for text in seen)
        assert any("planes written" in text or "MB copied" in text for text in seen), seen
        assert "complete" in seen[-1]
        day1 = page.locator("#tree .node", has=page.get_by_role("button", name="Day 1"))
        expect(day1.locator(".count")).to_have_text("1")
        expect(page.locator("#thumbnails")).to_contain_text("synthetic")
        shot(page, "41-imported")
        assert loads == []
