"""Navigation state in a real browser: a deep link opens the parent's thumbnails with
the object selected and in view, switching to the object's group and owner (root,
whose own data is empty, lands on the data); a History entry does the same; a user
whose "Show data of" is empty gets a hint. Same needs and skips as test_browser.py;
screenshots go to ``test-artefacts/webclient-navigation/``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from pyomero.testing import browser
from pyomero.testing.live import ROOT_PASSWORD, LiveServer, live_server

BUNDLE = browser.REPO / "src/pyomero/webclient/static/webclient/dist/webclient.js"
PASSWORD = "navigation-password"

SETUP = f"""
import json
from pyomero.model.actions import (
    create_experimenter, do_create_dataset, do_create_group, do_create_project,
)
from pyomero.model.context import event_context
from pyomero.model.models import Experimenter
from pyomero.testing.images import make_pixels_image
root = Experimenter.objects.get(ome_name="root")
lab = do_create_group(event_context(root, -1), "lab", "read-annotate")
alice = create_experimenter(
    "alice", first_name="Alice", last_name="Liddell", password={PASSWORD!r}, groups=[lab]
)
create_experimenter(
    "bob", first_name="Bob", last_name="Newman", password={PASSWORD!r}, groups=[lab]
)
ctx = event_context(alice, lab.pk)
day1 = do_create_dataset(ctx, "Day 1", project=do_create_project(ctx, "Mitosis"))
ids = [make_pixels_image(ctx, f"cell {{i:02d}}.tif", dataset=day1).pk for i in range(30)]
print(json.dumps(ids))
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, list[int]]]:
    """One live server for the module's tests (none of them changes the data)."""
    browser.require(BUNDLE)
    with live_server(tmp_path_factory.mktemp("navigation") / "omero") as started:
        ids = json.loads(started.python(SETUP, timeout=240).strip().splitlines()[-1])
        yield started, ids


def sign_in(page: Any, live: LiveServer, path: str, user: str, password: str) -> None:
    browser.sign_in(page, live.url(path), user, password)


def shot(page: Any, name: str) -> None:
    browser.screenshot(page, "webclient-navigation", name)


def test_a_deep_link_switches_group_and_owner_and_selects_the_image(
    server: tuple[LiveServer, list[int]],
) -> None:
    from playwright.sync_api import expect

    live, ids = server
    with browser.chromium_page() as page:
        sign_in(page, live, f"/webclient/?show=image-{ids[27]}", "root", ROOT_PASSWORD)
        page.wait_for_url(f"**/webclient/?show=image-{ids[27]}")
        expect(page.locator("#group-select option:checked")).to_have_text("lab")
        expect(page.locator("#owner-select option:checked")).to_have_text("Alice Liddell")
        expect(page.locator("#centre-title")).to_have_text("Day 1")
        chosen = page.locator("#thumbnails").get_by_role("button", name="cell 27.tif")
        expect(chosen).to_have_attribute("aria-pressed", "true")
        expect(chosen).to_be_in_viewport()
        expect(page.locator("#panel h2")).to_have_text("cell 27.tif")
        expect(page.locator('#tree [aria-current="true"]')).to_have_text("cell 27.tif")
        shot(page, "01-root-deep-link")


def test_a_history_entry_opens_the_image_in_its_dataset(
    server: tuple[LiveServer, list[int]],
) -> None:
    from playwright.sync_api import expect

    live, _ = server
    with browser.chromium_page() as page:
        sign_in(page, live, "/webclient/history/", "alice", PASSWORD)
        page.get_by_role("link", name="cell 05.tif").first.click()
        page.wait_for_url("**/webclient/?show=image-*")
        chosen = page.locator("#thumbnails").get_by_role("button", name="cell 05.tif")
        expect(chosen).to_have_attribute("aria-pressed", "true")
        expect(page.locator("#panel h2")).to_have_text("cell 05.tif")
        shot(page, "02-history-entry")


def test_it_hints_when_the_shown_member_has_no_data(
    server: tuple[LiveServer, list[int]],
) -> None:
    from playwright.sync_api import expect

    live, _ = server
    with browser.chromium_page() as page:
        sign_in(page, live, "/webclient/", "bob", PASSWORD)
        status = page.locator("#tree-status")
        expect(status).to_contain_text("Bob Newman has no data in this group")
        expect(status).to_contain_text("All members")
        page.get_by_label("Show data of").select_option(label="All members")
        page.get_by_role("button", name="Show", exact=True).click()
        expect(page.locator("#tree")).to_contain_text("Mitosis")
        expect(status).to_have_text("")
        shot(page, "03-empty-hint")
