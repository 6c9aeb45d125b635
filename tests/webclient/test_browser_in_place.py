"""Curation without page reloads, in a real browser against a live server: a deep link
opens the parent's thumbnails with the image selected and scrolled into view; drag and
drop, copy and paste, cut and paste in the tree, renames (tree and panel), delete, move
to another group and creating a project update the tree (labels, counts), the centre
and the panel in place, keep the user's place and the address (back and forward work),
and never load the page again (no ``load`` event). Same needs and skips as
test_browser.py; screenshots go to ``test-artefacts/webclient-in-place/``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pyomero.testing import browser
from pyomero.testing.live import LiveServer, live_server

BUNDLE = browser.REPO / "src/pyomero/webclient/static/webclient/dist/webclient.js"
PASSWORD = "in-place-password"
IMAGES = 40

SETUP = f"""
import json
from pyomero.model.actions import (
    create_experimenter, do_create_dataset, do_create_group, do_create_project, do_link,
)
from pyomero.model.context import event_context
from pyomero.model.models import Experimenter
from pyomero.testing.images import make_pixels_image
root = Experimenter.objects.get(ome_name="root")
lab = do_create_group(event_context(root, -1), "lab", "read-annotate")
other = do_create_group(event_context(root, -1), "other lab", "read-annotate")
alice = create_experimenter(
    "alice", first_name="Alice", last_name="Liddell", password={PASSWORD!r}, groups=[lab, other]
)
ctx = event_context(alice, lab.pk)
mitosis = do_create_project(ctx, "Mitosis")
day1 = do_create_dataset(ctx, "Day 1", project=mitosis)
day2 = do_create_dataset(ctx, "Day 2", project=mitosis)
do_create_dataset(ctx, "Loose")
ids = [
    make_pixels_image(ctx, f"cell {{i:02d}}.tif", dataset=day1).pk for i in range({IMAGES})
]
stray = make_pixels_image(ctx, "stray.tif")
archive = do_create_dataset(event_context(alice, other.pk), "Archive")
print(json.dumps({{"images": ids, "stray": stray.pk, "archive": archive.pk}}))
"""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[LiveServer, dict[str, Any]]]:
    browser.require(BUNDLE)
    with live_server(tmp_path / "omero") as started:
        made = json.loads(started.python(SETUP, timeout=240).strip().splitlines()[-1])
        yield started, made


@pytest.fixture
def page() -> Iterator[Any]:
    with browser.chromium_page() as page:
        yield page


def shot(page: Any, name: str) -> None:
    browser.screenshot(page, "webclient-in-place", name)


def node(page: Any, name: str) -> Any:
    """The tree row (label, count) of the node labelled ``name``."""
    return page.locator("#tree .node").filter(
        has=page.locator(".label .name").get_by_text(name, exact=True)
    )


def test_it_curates_in_place_without_reloading_the_page(
    server: tuple[LiveServer, dict[str, Any]], page: Any
) -> None:
    from playwright.sync_api import expect

    live, made = server
    target = made["images"][25]
    browser.sign_in(page, live.url(f"/webclient/?show=image-{target}"), "alice", PASSWORD)
    page.wait_for_url(f"**/webclient/?show=image-{target}")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    loads: list[str] = []
    page.on("load", lambda _: loads.append(page.url))
    page.evaluate("window.stillTheSamePage = true")

    # The deep link: Day 1's thumbnails, the image selected and in view, its panel.
    grid = page.locator("#thumbnails")
    expect(page.locator("#centre-title")).to_have_text("Day 1")
    chosen = grid.get_by_role("button", name="cell 25.tif")
    expect(chosen).to_have_attribute("aria-pressed", "true")
    expect(chosen).to_be_in_viewport()
    expect(page.locator("#panel h2")).to_have_text("cell 25.tif")
    expect(node(page, "Day 1").locator(".count")).to_have_text(str(IMAGES))
    scrolled = page.locator("#centre").evaluate("pane => pane.scrollTop")
    assert scrolled > 0
    shot(page, "01-deep-link")

    # Drag the selected image onto Day 2: counts, grid and tree change; place kept.
    chosen.drag_to(node(page, "Day 2").locator(".label"))
    expect(node(page, "Day 2").locator(".count")).to_have_text("1")
    expect(node(page, "Day 1").locator(".count")).to_have_text(str(IMAGES - 1))
    expect(grid.get_by_role("button", name="cell 25.tif")).to_have_count(0)
    expect(page.locator("#tree-status")).to_have_text("1 image moved to Day 2.")
    expect(page.locator("#tree .label", has_text="cell 25.tif")).to_have_count(0)
    assert abs(page.locator("#centre").evaluate("pane => pane.scrollTop") - scrolled) < 200
    shot(page, "02-dragged")

    # Copy two images (Ctrl+click, Ctrl+C) and paste them on Day 2 (Ctrl+V).
    grid.get_by_role("button", name="cell 01.tif").click()
    grid.get_by_role("button", name="cell 02.tif").click(modifiers=["Control"])
    page.keyboard.press("Control+c")
    expect(page.locator("#tree-status")).to_contain_text("2 image(s) copied")
    node(page, "Day 2").locator(".label").focus()
    page.keyboard.press("Control+v")
    expect(node(page, "Day 2").locator(".count")).to_have_text("3")
    expect(node(page, "Day 1").locator(".count")).to_have_text(str(IMAGES - 1))
    expect(grid.locator("button[aria-pressed=true]")).to_have_count(2)  # selection kept

    # Cut the orphaned dataset Loose and paste it into Mitosis.
    node(page, "Loose").locator(".label").focus()
    page.keyboard.press("Control+x")
    node(page, "Mitosis").locator(".label").focus()
    page.keyboard.press("Control+v")
    expect(node(page, "Mitosis").locator(".count")).to_have_text("3")
    expect(page.locator("#tree > li > .node .name", has_text="Loose")).to_have_count(0)
    expect(page.locator("#tree li li .node .name", has_text="Loose")).to_have_count(1)

    # Rename Day 2 in the tree: the centre's title and the panel follow.
    node(page, "Day 2").locator(".label").click()
    expect(page.locator("#centre-title")).to_have_text("Day 2")
    expect(grid.get_by_role("button")).to_have_count(3)
    expect(page.locator("#panel h2")).to_have_text("Day 2")
    page.wait_for_url("**/webclient/?show=dataset-*")
    node(page, "Day 2").locator(".label").press("F2")
    page.get_by_label("New name of Day 2").fill("Day two")
    page.keyboard.press("Enter")
    expect(page.locator("#centre-title")).to_have_text("Day two")
    expect(page.locator("#panel h2")).to_have_text("Day two")
    expect(node(page, "Day two")).to_have_count(1)

    # Rename an image in the panel: the grid and the tree follow.
    node(page, "Day two").get_by_role("button", name="Open Day two").click()
    grid.get_by_role("button", name="cell 25.tif").click()
    expect(page.locator("#panel h2")).to_have_text("cell 25.tif")
    page.locator("#edit-name").fill("mitosis 25.tif")
    page.locator("#panel").get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator("#panel h2")).to_have_text("mitosis 25.tif")
    expect(grid.get_by_role("button", name="mitosis 25.tif")).to_be_visible()
    expect(page.locator("#tree .label", has_text="mitosis 25.tif")).to_be_visible()
    shot(page, "03-renamed")

    # Delete it: gone from the grid and the tree, Day two's count down, Day two selected.
    page.get_by_role("button", name="Delete…").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    expect(node(page, "Day two").locator(".count")).to_have_text("2")
    expect(grid.get_by_role("button")).to_have_count(2)
    expect(page.locator("#tree .label", has_text="mitosis 25.tif")).to_have_count(0)
    expect(page.locator("#panel h2")).to_have_text("Day two")
    expect(page.locator('#tree [aria-current="true"]')).to_have_text("Day two")
    shot(page, "04-deleted")

    # Back and forward walk through the selections without loading the page.
    grid.get_by_role("button", name="cell 01.tif").click()
    expect(page.locator("#panel h2")).to_have_text("cell 01.tif")
    page.go_back()
    expect(page.locator("#panel h2")).to_have_text("Day two")
    page.go_forward()
    expect(page.locator("#panel h2")).to_have_text("cell 01.tif")
    expect(grid.get_by_role("button", name="cell 01.tif")).to_have_attribute("aria-pressed", "true")

    # Move an orphaned image to the other group: it leaves the tree's orphaned count.
    page.get_by_role("button", name="Orphaned images", exact=True).click()
    expect(node(page, "Orphaned images").locator(".count")).to_have_text("1")
    grid.get_by_role("button", name="stray.tif").click()
    expect(page.locator("#panel h2")).to_have_text("stray.tif")
    page.get_by_label("Move to group").select_option(label="other lab")
    page.get_by_role("button", name="Move…").click()
    page.get_by_role("dialog").get_by_role("button", name="Move").click()
    expect(node(page, "Orphaned images").locator(".count")).to_have_text("0")
    expect(grid).to_contain_text("No images")

    # Create a project from the "New…" form: it appears in the tree, selected.
    page.get_by_text("New…").click()
    page.get_by_label("Type").select_option(label="Project")
    page.get_by_label("Name", exact=True).first.fill("Meiosis")
    page.get_by_role("button", name="Create").click()
    expect(page.locator('#tree [aria-current="true"]')).to_have_text("Meiosis")
    expect(page.locator("#panel h2")).to_have_text("Meiosis")
    shot(page, "05-created")

    assert loads == []
    assert page.evaluate("window.stillTheSamePage") is True
    assert errors == []
