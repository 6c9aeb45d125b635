"""The right-click menu of tree nodes and thumbnails in a real browser: copy and paste,
rename, delete and move to another group from it, and its keyboard (Shift+F10, arrows,
Escape), all in place. Reuses test_browser_in_place.py's server and data."""

from __future__ import annotations

import io
import zipfile
from typing import Any

# The live server and page fixtures of test_browser_in_place.py, shared by import.
from tests.webclient.test_browser_in_place import (  # noqa: F401
    IMAGES,
    PASSWORD,
    node,
    page,
    server,
)

from pyomero.testing import browser
from pyomero.testing.live import LiveServer


def test_it_curates_from_the_context_menu(
    server: tuple[LiveServer, dict[str, Any]],  # noqa: F811
    page: Any,  # noqa: F811
) -> None:
    from playwright.sync_api import expect

    live, made = server
    browser.sign_in(page, live.url("/webclient/"), "alice", PASSWORD)
    page.wait_for_url("**/webclient/")
    loads: list[str] = []
    page.on("load", lambda _: loads.append(page.url))
    page.get_by_role("button", name="Open Mitosis").click()
    node(page, "Day 1").locator(".label").click()
    grid = page.locator("#thumbnails")
    menu = page.get_by_role("menu", name="Actions")

    # Copy a thumbnail, paste on Day 2 from the tree's menu.
    grid.get_by_role("button", name="cell 01.tif").click(button="right")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("menuitem")).to_have_text(
        ["Open in viewer", "Rename…", "Copy", "Cut", "Download", "Delete…", "Move to group…"]
    )
    browser.screenshot(page, "webclient-in-place", "06-context-menu")
    menu.get_by_role("menuitem", name="Copy").click()
    expect(menu).to_be_hidden()
    node(page, "Day 2").locator(".label").click(button="right")
    menu.get_by_role("menuitem", name="Paste 1 image(s)").click()
    expect(node(page, "Day 2").locator(".count")).to_have_text("1")

    # Delete a dataset from its menu: the dialog counts its images; cancel.
    node(page, "Day 1").locator(".label").click(button="right")
    menu.get_by_role("menuitem", name="Delete…").click()
    summary = page.get_by_role("dialog").locator(".summary")
    expect(summary).to_have_text(f"“Day 1” holds {IMAGES} images and has 0 annotations.")
    page.get_by_role("dialog").get_by_role("button", name="Cancel").click()

    # Rename Day 2 from its menu.
    node(page, "Day 2").locator(".label").click(button="right")
    menu.get_by_role("menuitem", name="Rename…").click()
    page.get_by_label("New name of Day 2").fill("Day two")
    page.keyboard.press("Enter")
    expect(node(page, "Day two")).to_have_count(1)
    node(page, "Day 1").locator(".label").click()

    # The keyboard: Shift+F10 on a thumbnail, arrows, Escape gives the focus back.
    thumb = grid.get_by_role("button", name="cell 02.tif")
    thumb.click()
    thumb.press("Shift+F10")
    expect(menu.get_by_role("menuitem", name="Open in viewer")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(menu.get_by_role("menuitem", name="Rename…")).to_be_focused()
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(thumb).to_be_focused()

    # Delete from the menu: the dialog names the image; Day 1's count follows.
    thumb.click(button="right")
    menu.get_by_role("menuitem", name="Delete…").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading")).to_have_text("Delete “cell 02.tif”?")
    expect(dialog.locator(".summary")).to_have_text("“cell 02.tif” has 0 annotations.")
    dialog.get_by_role("button", name="Delete").click()
    expect(node(page, "Day 1").locator(".count")).to_have_text(str(IMAGES - 1))
    expect(grid.get_by_role("button", name="cell 02.tif")).to_have_count(0)

    # Move two images to the other group, choosing it in the dialog.
    grid.get_by_role("button", name="cell 03.tif").click()
    grid.get_by_role("button", name="cell 04.tif").click(modifiers=["Control"])
    # The batch panel exports them as one zip (originals: test_browser_upload.py).
    export = page.locator("#panel").get_by_role("link", name="Export JPEG (zip)")
    with zipfile.ZipFile(
        io.BytesIO(page.request.get(live.url(export.get_attribute("href") or "")).body())
    ) as archive:
        assert sorted(archive.namelist()) == ["cell_03.tif.jpg", "cell_04.tif.jpg"]
    grid.get_by_role("button", name="cell 04.tif").click(button="right")
    menu.get_by_role("menuitem", name="Move to group…").click()
    expect(dialog.get_by_role("heading")).to_have_text("Move 2 images (cell 03.tif, cell 04.tif)?")
    expect(dialog.get_by_label("To group").locator("option:checked")).to_have_text("other lab")
    dialog.get_by_label("Into").select_option(label=f"Archive (dataset {made['archive']})")
    browser.screenshot(page, "webclient-in-place", "07-move-dialog")
    dialog.get_by_role("button", name="Move").click()
    expect(node(page, "Day 1").locator(".count")).to_have_text(str(IMAGES - 3))
    expect(grid.get_by_role("button", name="cell 03.tif")).to_have_count(0)
    assert loads == []
    # In the other group, they are in the chosen dataset.
    page.get_by_label("Group", exact=True).select_option(label="other lab")
    page.get_by_role("button", name="Switch").click()
    page.get_by_role("button", name="Archive", exact=True).click()
    expect(grid.get_by_role("button")).to_have_count(2)
