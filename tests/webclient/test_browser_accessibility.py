"""axe-core (from npm, evaluated in the page) finds no WCAG 2.1 AA violation on the
webclient's pages: sign-in, the data page with a dataset's thumbnails and an image's
panel, the context menu, the delete dialog, search results and the history. Reuses
test_browser_in_place.py's server and data; screenshots go to
``test-artefacts/webclient-accessibility/``."""

from __future__ import annotations

from typing import Any

# The live server and page fixtures of test_browser_in_place.py, shared by import.
from tests.webclient.test_browser_in_place import PASSWORD, node, page, server  # noqa: F401

from pyomero.testing import browser
from pyomero.testing.live import LiveServer

FOUND: list[str] = []


def check(tab: Any, name: str) -> None:
    """Screenshot the page, and note axe's violations on it (all pages are checked
    before the test fails, so that one run lists them all)."""
    browser.screenshot(tab, "webclient-accessibility", name)
    FOUND.extend(f"{name}: {line}" for line in browser.axe_violations(tab))


def test_the_webclient_pages_have_no_wcag_aa_violations(
    server: tuple[LiveServer, dict[str, Any]],  # noqa: F811
    page: Any,  # noqa: F811
) -> None:
    from playwright.sync_api import expect

    browser.require_axe()
    FOUND.clear()
    live, made = server
    page.goto(live.url("/webclient/"))
    check(page, "01-login")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/webclient/")
    expect(page.locator("#tree")).to_contain_text("Mitosis")
    check(page, "02-tree")

    page.goto(live.url(f"/webclient/?show=image-{made['images'][3]}"))
    expect(page.locator("#panel h2")).to_have_text("cell 03.tif")
    page.locator("#panel .preview-image").evaluate("img => img.decode().catch(() => {})")
    check(page, "03-image")
    # Nothing in the panel is wider than the pane (no sideways scrolling).
    assert page.locator("#panel").evaluate("pane => pane.scrollWidth - pane.clientWidth") == 0

    page.get_by_label("New tag").fill("mitosis")
    page.get_by_role("button", name="Add tag").click()
    expect(page.locator("#panel .chip")).to_contain_text("mitosis")
    node(page, "Day 1").locator(".label").click()
    expect(page.locator("#panel h2")).to_have_text("Day 1")
    page.get_by_role("tab", name="Tags").click()
    check(page, "04-dataset-tags-tab")
    page.locator("#tags-tree").get_by_role("button", name="mitosis", exact=True).click()
    expect(page.locator("#panel .kind")).to_contain_text("Tag")
    expect(page.locator("#thumbnails").get_by_role("button", name="cell 03.tif")).to_be_visible()
    check(page, "04b-tag-panel")
    page.get_by_role("tab", name="Explore").click()
    node(page, "Day 1").locator(".label").click()
    expect(page.locator("#centre-title")).to_have_text("Day 1")

    page.locator("#thumbnails").get_by_role("button", name="cell 03.tif").click(button="right")
    expect(page.get_by_role("menu")).to_be_visible()
    check(page, "05-context-menu")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Delete…").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    check(page, "06-delete-dialog")
    page.get_by_role("dialog").get_by_role("button", name="Cancel").click()

    page.goto(live.url("/webclient/search/?query=cell"))
    expect(page.locator("#search-results")).to_contain_text("results")
    check(page, "07-search")
    page.goto(live.url("/webclient/history/"))
    check(page, "08-history")
    assert FOUND == [], "\n".join(FOUND)
