"""Search and history in a real browser: an image tagged and given a key-value pair is
found from the search page by its tag and by the pair's value, with its thumbnail,
opened in the webclient, and listed in the day's history; a delete is an activity.
Same needs and skips as test_browser.py; screenshots go to ``test-artefacts/webclient/``."""

from __future__ import annotations

from typing import Any

# The live server and browser fixtures of test_browser.py, shared by import.
from tests.webclient.test_browser import PASSWORD, page, server, shot  # noqa: F401

from pyomero.testing.live import LiveServer

ANNOTATE = """
from pyomero.model.actions import do_add_map_annotation, do_add_tag
from pyomero.model.context import event_context
from pyomero.model.models import Experimenter, ExperimenterGroup, Image
from pyomero.testing.factories import make_image
ctx = event_context(
    Experimenter.objects.get(ome_name="alice"), ExperimenterGroup.objects.get(name="lab").pk
)
cells = Image.objects.get(name="cells.tif")
do_add_tag(ctx, cells, "Prophase")
do_add_map_annotation(ctx, cells, [("Genotype", "H2B-GFP")])
make_image(ctx, "untouched.tif")
"""

DELETE = """
from pyomero.model.actions import do_delete
from pyomero.model.context import event_context
from pyomero.model.models import Experimenter, ExperimenterGroup, Image
ctx = event_context(
    Experimenter.objects.get(ome_name="alice"), ExperimenterGroup.objects.get(name="lab").pk
)
do_delete(ctx, Image.objects.get(name="untouched.tif"))
"""


def test_it_finds_an_image_by_tag_and_key_value_in_the_search_page(
    server: LiveServer,  # noqa: F811
    page: Any,  # noqa: F811
) -> None:
    from playwright.sync_api import expect

    server.python(ANNOTATE)
    page.goto(server.url("/webclient/"))
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    quick = page.get_by_label("Search your data")  # in the top bar of every page
    quick.fill("prophase")
    quick.press("Enter")
    page.wait_for_url("**/webclient/search/?query=prophase")
    words = page.get_by_label("Words to find")
    expect(words).to_have_value("prophase")
    results = page.locator("#search-results")
    expect(results.get_by_role("heading")).to_have_text("1 result")
    expect(results.get_by_role("link", name="cells.tif")).to_be_visible()
    thumbnail = results.locator("img[data-thumb-id]")
    expect(thumbnail).to_have_attribute("data-loaded", "true")
    assert thumbnail.get_attribute("src").startswith("data:image/jpeg;base64,")
    shot(page, "07-search-tag")

    words.fill("h2b-gfp")
    words.press("Enter")
    page.wait_for_url("**query=h2b-gfp*")  # htmx keeps the search in the address
    expect(results.get_by_role("link", name="cells.tif")).to_be_visible()
    expect(results).not_to_contain_text("untouched.tif")
    page.get_by_label("Datasets").check()  # a filter searches again by itself
    expect(results).to_contain_text("Nothing found")
    page.get_by_label("Datasets").uncheck()
    expect(results.locator("img[data-thumb-id]")).to_have_attribute("data-loaded", "true")
    shot(page, "08-search-key-value")

    results.get_by_role("link", name="cells.tif").click()
    page.wait_for_url("**/webclient/?show=image-*")
    expect(page.locator("#panel h2")).to_have_text("cells.tif")

    server.python(DELETE)
    page.get_by_role("navigation", name="Pages").get_by_role("link", name="History").click()
    annotated = page.locator('[data-section="annotated"]')
    expect(annotated).to_contain_text("Prophase")
    expect(annotated).to_contain_text("Genotype=H2B-GFP")
    expect(page.locator('#activities [data-kind="delete"]')).to_contain_text("untouched.tif")
    shot(page, "09-history")
