"""The Tags tab in a real browser: tag sets > tags > tagged objects, opened from the
left pane's tabs. Same needs and skips as test_browser.py."""

from __future__ import annotations

from typing import Any

# The live server and browser fixtures of test_browser.py, shared by import.
from tests.webclient.test_browser import PASSWORD, page, server, shot  # noqa: F401

from pyomero.testing import browser
from pyomero.testing.live import LiveServer

TAGS = """
from pyomero.model.actions import do_annotate, do_create_tag, do_create_tagset
from pyomero.model.context import event_context
from pyomero.model.models import Experimenter, ExperimenterGroup, Image
ctx = event_context(
    Experimenter.objects.get(ome_name="alice"), ExperimenterGroup.objects.get(name="lab").pk
)
stains = do_create_tagset(ctx, "Stains")
dapi = do_create_tag(ctx, "DAPI")
do_annotate(ctx, stains, dapi)
do_annotate(ctx, Image.objects.get(name="cells.tif"), dapi)
do_create_tag(ctx, "unused")
"""


def test_it_browses_tag_sets_tags_and_tagged_images(
    server: LiveServer,  # noqa: F811
    page: Any,  # noqa: F811
) -> None:
    from playwright.sync_api import expect

    server.python(TAGS)
    browser.sign_in(page, server.url("/webclient/"), "alice", PASSWORD)

    page.get_by_role("tab", name="Tags").click()
    tags = page.locator("#tags-tree")
    expect(tags.locator(":scope > li .label")).to_have_text(["Stains", "unused"])
    expect(page.locator("#tree")).to_be_hidden()
    tags.get_by_role("button", name="Open Stains").click()
    tags.get_by_role("button", name="Open DAPI").click()
    tags.get_by_role("button", name="cells.tif").click()
    expect(page.locator("#panel h2")).to_have_text("cells.tif")
    tags.get_by_role("button", name="DAPI", exact=True).click()
    expect(page.locator("#panel .kind")).to_contain_text("Tag")
    expect(page.locator("#panel h2")).to_have_text("DAPI")
    shot(page, "06-tags")

    page.get_by_role("tab", name="Explore").click()
    expect(page.locator("#tree")).to_be_visible()
    expect(tags).to_be_hidden()


def test_a_tag_added_in_the_panel_appears_in_the_tags_tab_in_place(
    server: LiveServer,  # noqa: F811
    page: Any,  # noqa: F811
) -> None:
    from playwright.sync_api import expect

    server.python(TAGS)
    browser.sign_in(page, server.url("/webclient/"), "alice", PASSWORD)
    page.wait_for_url("**/webclient/")
    page.get_by_role("tab", name="Tags").click()
    tags = page.locator("#tags-tree")
    expect(tags.locator(":scope > li .label")).to_have_text(["Stains", "unused"])
    loads: list[str] = []
    page.on("load", lambda _: loads.append(page.url))

    page.get_by_role("tab", name="Explore").click()
    page.get_by_role("button", name="Orphaned images", exact=True).click()
    page.locator("#thumbnails").get_by_role("button", name="cells.tif").click()
    expect(page.locator("#panel h2")).to_have_text("cells.tif")
    page.get_by_label("New tag").fill("anaphase")
    page.get_by_role("button", name="Add tag").click()
    expect(page.locator("#panel .chip", has_text="anaphase")).to_be_visible()
    page.get_by_role("tab", name="Tags").click()
    expect(tags.locator(":scope > li .label")).to_have_text(["Stains", "anaphase", "unused"])
    assert loads == []


def test_it_curates_tags_and_tag_sets_from_their_panel(
    server: LiveServer,  # noqa: F811
    page: Any,  # noqa: F811
) -> None:
    from playwright.sync_api import expect

    server.python(TAGS)
    browser.sign_in(page, server.url("/webclient/"), "alice", PASSWORD)
    page.wait_for_url("**/webclient/")
    loads: list[str] = []
    page.on("load", lambda _: loads.append(page.url))
    page.get_by_role("tab", name="Tags").click()
    tags = page.locator("#tags-tree")
    top = tags.locator(":scope > li > .node .label")
    expect(top).to_have_text(["Stains", "unused"])

    # A tag: its panel (owner, description form) and the images it is on in the centre.
    tags.get_by_role("button", name="Open Stains").click()
    tags.get_by_role("button", name="DAPI", exact=True).click()
    expect(page.locator("#panel .kind")).to_contain_text("Tag")
    expect(page.locator("#panel h2")).to_have_text("DAPI")
    expect(page.locator("#panel .facts")).to_contain_text("Alice Liddell")
    expect(page.locator("#centre-title")).to_have_text("DAPI")
    expect(page.locator("#thumbnails").get_by_role("button", name="cells.tif")).to_be_visible()

    # A tag set: put "unused" in it from its panel; the Tags tab follows.
    tags.get_by_role("button", name="Stains", exact=True).click()
    expect(page.locator("#panel .kind")).to_contain_text("Tag set")
    page.get_by_label("Put in").select_option(label="unused")
    page.get_by_role("button", name="Add to set").click()
    expect(page.locator("#panel .chips").first).to_contain_text("unused")
    expect(top).to_have_text(["Stains"])
    shot(page, "07-tag-set")

    # Rename a tag in its panel, then delete it: the Tags tab follows each time, in
    # place (the set the user opened stays open).
    expect(tags.get_by_role("button", name="Close Stains")).to_be_visible()
    tags.get_by_role("button", name="unused", exact=True).click()
    expect(page.locator("#panel h2")).to_have_text("unused")
    page.locator("#edit-name").fill("spare")
    page.locator("#panel").get_by_role("button", name="Save").click()
    expect(page.locator("#panel h2")).to_have_text("spare")
    # The Tags tab follows in place: the set stays open, its tag renamed.
    expect(tags.get_by_role("button", name="Close Stains")).to_be_visible()
    expect(tags.get_by_role("button", name="spare", exact=True)).to_be_visible()
    tags.get_by_role("button", name="spare", exact=True).click()
    expect(page.locator("#panel h2")).to_have_text("spare")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete tag…").click()
    expect(page.locator("#panel")).to_contain_text("is deleted")
    expect(tags.get_by_role("button", name="Close Stains")).to_be_visible()
    expect(tags.get_by_role("button", name="DAPI", exact=True)).to_be_visible()
    expect(tags.get_by_role("button", name="spare", exact=True)).to_have_count(0)

    # A new tag set from the "New…" form.
    page.get_by_text("New…").click()
    page.get_by_label("Type").select_option(label="Tag set")
    page.get_by_label("Name", exact=True).first.fill("Phases")
    page.get_by_role("button", name="Create").click()
    expect(top).to_have_text(["Phases", "Stains"])
    assert loads == []


def test_it_filters_the_thumbnails_by_name_and_by_tag(
    server: LiveServer,  # noqa: F811
    page: Any,  # noqa: F811
) -> None:
    from playwright.sync_api import expect

    server.python(TAGS)
    browser.sign_in(page, server.url("/webclient/"), "alice", PASSWORD)
    page.get_by_role("button", name="Orphaned images", exact=True).click()
    grid = page.locator("#thumbnails")
    cells = grid.get_by_role("button", name="cells.tif")
    expect(cells).to_be_visible()
    page.get_by_label("Filter").fill("nuclei")
    expect(cells).to_be_hidden()
    expect(grid).to_contain_text("No image matches the filter")
    page.get_by_label("Filter").fill("CELLS")
    expect(cells).to_be_visible()
    page.get_by_label("Tag", exact=True).select_option(label="unused")
    expect(cells).to_be_hidden()
    page.get_by_label("Tag", exact=True).select_option(label="DAPI")
    expect(cells).to_be_visible()
    shot(page, "08-filtered")
