"""A plate in a real browser: open Screens > Plates > Runs in the tree, see the plate
grid with its thumbnails and switch fields. Same needs and skips as test_browser.py."""

from __future__ import annotations

from typing import Any

# The live server and browser fixtures of test_browser.py, shared by import.
from tests.webclient.test_browser import PASSWORD, page, server, shot  # noqa: F401

from pyomero.testing import browser
from pyomero.testing.live import LiveServer

PLATE = """
from pyomero.model.actions import (
    do_add_well_sample, do_create_plate, do_create_plate_acquisition, do_create_screen,
)
from pyomero.model.context import event_context
from pyomero.model.models import Experimenter, ExperimenterGroup
from pyomero.testing.images import make_pixels_image
ctx = event_context(
    Experimenter.objects.get(ome_name="alice"), ExperimenterGroup.objects.get(name="lab").pk
)
plate = do_create_plate(ctx, "Plate 1", rows=2, columns=3, screen=do_create_screen(ctx, "HCS"))
run = do_create_plate_acquisition(ctx, plate, "Run A")
well = plate.wells.get(row=1, column=2)
for index in (0, 1):
    image = make_pixels_image(ctx, f"B3 field {index}", size_x=64, size_y=64)
    do_add_well_sample(ctx, well, image, index=index, plate_acquisition=run)
"""


def test_it_shows_a_plate_grid_with_a_field_selector(
    server: LiveServer,  # noqa: F811
    page: Any,  # noqa: F811
) -> None:
    from playwright.sync_api import expect

    server.python(PLATE)
    browser.sign_in(page, server.url("/webclient/"), "alice", PASSWORD)

    page.get_by_role("button", name="Open HCS").click()
    page.get_by_role("button", name="Plate 1", exact=True).click()
    grid = page.locator("#plate table.plate-grid")
    # omero.web.plate_layout's default, expand: A1 to H12, as OMERO draws it
    expect(grid.locator("thead th")).to_have_text([str(c) for c in range(1, 13)])
    expect(grid.locator("tbody th")).to_have_text(list("ABCDEFGH"))
    expect(grid.get_by_role("button", name="B3 field 0")).to_be_visible()
    page.get_by_label("Field", exact=True).select_option(label="Field 2")
    expect(grid.get_by_role("button", name="B3 field 1")).to_be_visible()
    page.wait_for_function("() => document.querySelector('#plate td img')?.naturalWidth > 0")
    shot(page, "05-plate")

    page.get_by_role("button", name="Open Plate 1").click()
    page.get_by_role("button", name="Run A").click()
    expect(page.locator("#centre-title")).to_have_text("Plate 1: Run A")
    expect(grid.get_by_role("button", name="B3 field 0")).to_be_visible()
    grid.get_by_role("button", name="B3 field 0").click()
    expect(page.locator("#panel h2")).to_have_text("B3 field 0")

    # Search results open the tree at a plate, at a run, and at an image in a well
    # (the run's grid, the well marked), through paths_to_object.
    for words, name, shown in (("plate", "Plate 1", "plate"), ("run", "Run A", "acquisition")):
        find(page, words, name)
        page.wait_for_url(f"**/webclient/?show={shown}-*")
        expect(page.locator('#tree [aria-current="true"]')).to_have_text(name)
    expect(page.locator("#centre-title")).to_have_text("Plate 1: Run A")
    find(page, "field", "B3 field 0")
    page.wait_for_url("**/webclient/?show=image-*")
    expect(page.locator('#tree [aria-current="true"]')).to_have_text("Run A")
    expect(grid.locator('button[aria-pressed="true"]')).to_have_accessible_name("B3 field 0")
    expect(page.locator("#panel h2")).to_have_text("B3 field 0")
    shot(page, "10-plate-deep-link")


def find(tab: Any, words: str, name: str) -> None:
    """Search from the top bar and follow the result called ``name``."""
    quick = tab.get_by_label("Search your data")
    quick.fill(words)
    quick.press("Enter")
    tab.locator("#search-results").get_by_role("link", name=name, exact=True).click()
