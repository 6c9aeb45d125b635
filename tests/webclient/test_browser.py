"""The webclient in a real browser (headless Debian Chromium driven by Playwright)
against a live server started by ``omero web start``: sign in, create a project and a
dataset, move through the tree with the keyboard, see an image's thumbnail, tag it, add
two key-value pairs, rate it, comment, attach a file, rename a channel, turn a
channel off in the Preview and save the settings, find it from the search page by
its tag and by a pair's value (with its thumbnail) and in the day's history, open it
from the results, drag it into the dataset, delete it (an activity in the history), and
rename the project in place. One live server for the whole flow: starting it costs
the most. Screenshots of each step go to ``test-artefacts/webclient/`` (kept by CI).

Needs the front-end bundle (``scripts/build-frontend``), the ``playwright`` package and
``/usr/bin/chromium``; without them the test is skipped, except under ``CI=true``
where it fails. Playwright never downloads a browser here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pyomero.testing import browser
from pyomero.testing.live import LiveServer, live_server

BUNDLE = browser.REPO / "src/pyomero/webclient/static/webclient/dist/webclient.js"
PASSWORD = "browser-password"

SETUP = f"""
from pyomero.model.actions import create_experimenter, do_bootstrap_root, do_create_group
from pyomero.model.context import event_context
from pyomero.model.models import Experimenter
from pyomero.testing.images import make_pixels_image
root = Experimenter.objects.get(ome_name="root")
lab = do_create_group(event_context(root, -1), "lab", "read-annotate")
alice = create_experimenter(
    "alice", first_name="Alice", last_name="Liddell", password={PASSWORD!r}, groups=[lab]
)
make_pixels_image(event_context(alice, lab), "cells.tif", size_x=256, size_y=192)
"""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    browser.require(BUNDLE)
    with live_server(tmp_path / "omero") as started:
        started.python(SETUP)
        yield started


@pytest.fixture
def page(server: LiveServer) -> Iterator[Any]:
    with browser.chromium_page() as page:
        yield page


def shot(page: Any, name: str) -> None:
    browser.screenshot(page, "webclient", name, full_page=True)


def test_it_lets_a_user_organise_and_annotate_in_a_browser(server: LiveServer, page: Any) -> None:
    from playwright.sync_api import expect

    page.goto(server.url("/webclient/"))
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    shot(page, "01-login")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as")).to_contain_text("alice")

    create(page, "Project", "Mitosis")
    expect(page.locator("#panel h2")).to_have_text("Mitosis")
    create(page, "Dataset", "Day 1")
    expect(page.locator("#panel h2")).to_have_text("Day 1")
    expect(page.locator("#tree")).to_contain_text("Mitosis")
    expect(page.locator('#tree [aria-current="true"]')).to_contain_text("Day 1")
    shot(page, "02-created")

    page.locator("#tree .label", has_text="Mitosis").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("#panel h2")).to_have_text("Day 1")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    expect(page.locator("#panel h2")).to_have_text("Mitosis")

    page.get_by_role("button", name="Orphaned images", exact=True).click()
    thumbnail = page.locator("#thumbnails img")
    expect(thumbnail).to_have_attribute("data-loaded", "true")
    assert thumbnail.get_attribute("src").startswith("data:image/jpeg;base64,")
    shot(page, "03-thumbnails")

    page.locator("#thumbnails").get_by_role("button", name="cells.tif").click()
    expect(page.locator("#panel h2")).to_have_text("cells.tif")
    page.get_by_label("New tag").fill("mitosis")
    submit(page, page.get_by_role("button", name="Add tag"))
    expect(page.locator("#panel .chip")).to_contain_text("mitosis")
    page.get_by_label("Key", exact=True).fill("strain")
    page.get_by_label("Value", exact=True).fill("HeLa")
    submit(page, page.get_by_role("button", name="Add pair"))
    expect(page.get_by_label("Key 1")).to_have_value("strain")
    page.get_by_role("button", name="Add row").click()
    page.get_by_label("Key 2").fill("stain")
    page.get_by_label("Value 2").fill("DAPI")
    submit(page, page.get_by_role("button", name="Save pairs"))
    expect(page.get_by_label("Value 2")).to_have_value("DAPI")
    submit(page, page.locator("#panel").get_by_text("4★", exact=True))  # a star rates
    expect(page.locator("#rating-4")).to_be_checked()
    page.get_by_label("New comment").fill("Nice cells")
    submit(page, page.get_by_role("button", name="Add comment"))
    expect(page.locator("#panel .comments")).to_contain_text("Nice cells")
    notes = {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"stained at 9am"}
    page.get_by_label("Attach a file").set_input_files(notes)
    submit(page, page.get_by_role("button", name="Attach", exact=True))
    expect(page.locator("#panel .files")).to_contain_text("notes.txt")
    shot(page, "04-annotated")

    # Rename a channel; turn GFP off in the Preview (rendered again with c=), save.
    page.get_by_label("Channel 1", exact=True).fill("Hoechst")
    page.get_by_role("button", name="Save channel names").click()
    expect(page.locator("#panel .channels")).to_contain_text("Hoechst")
    preview = page.locator("#panel .preview")
    rendered = preview.get_by_role("img", name="Preview of cells.tif")
    expect(rendered).to_have_attribute("src", re.compile(r"\?c=1%7C[^&]*%2C2%7C"))
    preview.get_by_label("GFP", exact=True).uncheck()
    expect(rendered).to_have_attribute("src", re.compile(r"\?c=1%7C[^&]*%2C-2%7C"))
    page.wait_for_function(
        "() => (img => img.complete && img.naturalWidth > 0)"
        "(document.querySelector('#panel .preview-image'))"
    )
    thumbnail = page.locator("#thumbnails").get_by_role("button", name="cells.tif").locator("img")
    before = thumbnail.get_attribute("src")
    preview.get_by_role("button", name="Save", exact=True).click()
    expect(preview.get_by_role("status")).to_have_text("Settings saved.")
    expect(thumbnail).not_to_have_attribute("src", before)  # the grid shows the new settings
    expect(
        preview.get_by_role("button", name="Apply the settings of Alice Liddell")
    ).to_be_visible()
    shot(page, "04b-preview")

    # Find it by search: by its tag from the top bar, then by a pair's value.
    quick = page.get_by_label("Search your data")  # in the top bar of every page
    quick.fill("mitosis")
    quick.press("Enter")
    page.wait_for_url("**/webclient/search/?query=mitosis")
    words = page.get_by_label("Words to find")
    expect(words).to_have_value("mitosis")
    results = page.locator("#search-results")
    expect(results.get_by_role("heading")).to_have_text("2 results")  # the project too
    expect(results.get_by_role("link", name="cells.tif")).to_be_visible()
    found = results.locator("img[data-thumb-id]")
    expect(found).to_have_attribute("data-loaded", "true")
    assert found.get_attribute("src").startswith("data:image/jpeg;base64,")
    shot(page, "07-search-tag")

    words.fill("hela")
    words.press("Enter")
    page.wait_for_url("**query=hela*")  # htmx keeps the search in the address
    expect(results.get_by_role("heading")).to_have_text("1 result")
    expect(results.get_by_role("link", name="cells.tif")).to_be_visible()
    page.get_by_label("Datasets").check()  # a filter searches again by itself
    expect(results).to_contain_text("Nothing found")
    page.get_by_label("Datasets").uncheck()
    expect(results.locator("img[data-thumb-id]")).to_have_attribute("data-loaded", "true")
    shot(page, "08-search-key-value")

    results.get_by_role("link", name="cells.tif").click()
    page.wait_for_url("**/webclient/?show=image-*")
    expect(page.locator("#panel h2")).to_have_text("cells.tif")
    expect(page.locator('#tree [aria-current="true"]')).to_have_text("cells.tif")
    in_centre = page.locator("#thumbnails").get_by_role("button", name="cells.tif")
    expect(in_centre).to_have_attribute("aria-pressed", "true")  # its container's grid

    pages = page.get_by_role("navigation", name="Pages")
    pages.get_by_role("link", name="History").click()
    annotated = page.locator('[data-section="annotated"]')
    expect(annotated).to_contain_text("mitosis")
    expect(annotated).to_contain_text("strain=HeLa")
    shot(page, "09-history")
    pages.get_by_role("link", name="Data").click()
    page.get_by_role("button", name="Open Mitosis").click()
    page.get_by_role("button", name="Orphaned images", exact=True).click()
    cells = page.locator("#thumbnails").get_by_role("button", name="cells.tif")
    cells.drag_to(page.locator("#tree .label", has_text="Day 1"))
    expect(page.locator("#thumbnails")).to_contain_text("No images")  # moved, in place
    page.locator("#tree .label", has_text="Day 1").click()
    expect(page.locator('#tree [aria-current="true"]')).to_contain_text("Day 1")
    cells.click()
    expect(page.locator("#panel h2")).to_have_text("cells.tif")
    page.get_by_role("button", name="Delete…").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Delete “cells.tif”?")
    shot(page, "05-delete")
    dialog.get_by_role("button", name="Delete").click()
    expect(page.locator("#thumbnails")).to_contain_text("No images")
    expect(page.locator('#tree [aria-current="true"]')).to_contain_text("Day 1")
    shot(page, "06-deleted")

    page.locator("#tree .label", has_text="Mitosis").focus()
    page.keyboard.press("F2")
    page.get_by_label("New name of Mitosis").fill("Mitosis 2026")
    page.keyboard.press("Enter")
    renamed = page.locator("#tree .label", has_text="Mitosis 2026")
    expect(renamed).to_be_visible()
    # Renaming in the tree keeps the selection; the renamed node's panel has the new name.
    expect(page.locator('#tree [aria-current="true"]')).to_contain_text("Day 1")
    expect(page.locator("#panel h2")).to_have_text("Day 1")
    renamed.click()
    expect(page.locator("#panel h2")).to_have_text("Mitosis 2026")

    pages.get_by_role("link", name="History").click()
    expect(page.locator('#activities [data-kind="delete"]')).to_contain_text("cells.tif")


def submit(page: Any, button: Any) -> None:
    """Click a panel's button and wait for the panel it answers to be swapped in, or the
    next step's input is lost in the swap."""
    with page.expect_response(lambda r: r.request.method == "POST"):
        button.click()
    page.wait_for_function(
        # A function, not an expression: the page's CSP forbids evaluating strings.
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def create(page: Any, kind: str, name: str) -> None:
    """The tree's "New…" form: the new object is selected in the tree, in place."""
    from playwright.sync_api import expect

    page.get_by_text("New…").click()
    page.get_by_label("Type").select_option(label=kind)
    page.get_by_label("Name", exact=True).first.fill(name)
    page.get_by_role("button", name="Create").click()
    page.wait_for_url("**/webclient/?show=*")
    expect(page.locator('#tree [aria-current="true"]')).to_have_text(name)
