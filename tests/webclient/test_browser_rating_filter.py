"""The centre's rating filter in a real browser: at least N stars (anyone's rating, as
OMERO's filter counts every user's) or unrated; a star clicked in the panel rates at
once and the filtered grid follows without a reload. Skipped as ``test_browser.py`` is
(no Playwright, Chromium or bundle), except under ``CI=true``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.webclient.test_browser import BUNDLE, PASSWORD, shot

from pyomero.testing import browser
from pyomero.testing.live import LiveServer, live_server

SETUP = f"""
from pyomero.model.actions import (
    create_experimenter, do_create_dataset, do_create_group, do_link, do_set_rating,
)
from pyomero.model.context import event_context
from pyomero.model.models import Experimenter
from pyomero.testing.images import make_pixels_image
root = Experimenter.objects.get(ome_name="root")
lab = do_create_group(event_context(root, -1), "lab", "read-annotate")
alice = create_experimenter(
    "alice", first_name="Alice", last_name="L", password={PASSWORD!r}, groups=[lab]
)
bob = create_experimenter("bob", first_name="Bob", last_name="B", password="x", groups=[lab])
mine = event_context(alice, lab)
day = do_create_dataset(mine, "Day 1")
images = {{}}
for name in ("a.tif", "b.tif", "c.tif", "d.tif"):
    images[name] = make_pixels_image(mine, name)
    do_link(mine, day, images[name])
do_set_rating(mine, images["a.tif"], 5)
do_set_rating(mine, images["b.tif"], 2)
do_set_rating(event_context(bob, lab), images["c.tif"], 3)  # a colleague's rating counts
"""


@pytest.fixture
def server(tmp_path: Path, live_db: dict[str, str]) -> Iterator[LiveServer]:
    browser.require(BUNDLE)
    with live_server(tmp_path / "omero", live_db) as started:
        started.python(SETUP)
        yield started


def shown(page: Any) -> list[str]:
    """The names of the thumbnails the filter leaves visible, in order."""
    buttons = page.locator("#thumbnails li:not([hidden]) button")
    return [str(name) for name in buttons.evaluate_all("all => all.map(b => b.title)")]


def test_it_filters_the_thumbnails_by_rating(server: LiveServer) -> None:
    from playwright.sync_api import expect

    browser.require_axe()
    with browser.chromium_page() as page:
        browser.sign_in(page, server.url("/webclient/"), "alice", PASSWORD)
        page.locator("#tree .label", has_text="Day 1").click()
        grid = page.locator("#thumbnails")
        expect(grid.get_by_role("button")).to_have_count(4)
        loads: list[str] = []
        page.on("load", lambda _: loads.append(page.url))

        rating = page.get_by_label("Rating", exact=True)
        rating.select_option(label="3★ or more")
        expect(grid.locator("li:not([hidden]) button")).to_have_count(2)
        assert shown(page) == ["a.tif", "c.tif"]
        shot(page, "30-rating-filter")
        assert browser.axe_violations(page) == []

        rating.select_option(label="Unrated")
        expect(grid.locator("li:not([hidden]) button")).to_have_count(1)
        assert shown(page) == ["d.tif"]

        # Rate d.tif 4 stars with a click in the panel: it leaves the unrated ones.
        grid.get_by_role("button", name="d.tif").click()
        expect(page.locator("#panel h2")).to_have_text("d.tif")
        page.locator("#panel").get_by_text("4★").click()
        expect(page.locator("#rating-4")).to_be_checked()
        expect(grid.get_by_text("No image matches the filter")).to_be_visible()
        assert shown(page) == []

        rating.select_option(label="4★ or more")
        expect(grid.locator("li:not([hidden]) button")).to_have_count(2)
        assert shown(page) == ["a.tif", "d.tif"]
        rating.select_option(label="Any")
        expect(grid.locator("li:not([hidden]) button")).to_have_count(4)
        assert loads == []
