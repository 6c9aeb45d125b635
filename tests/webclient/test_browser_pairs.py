"""Key-value pairs in a real browser: "Add pair" grows the user's one table of the
namespace, a block of ``key=value`` or tab-separated lines pasted into a key field
adds them all, and the table is edited in place. Reuses test_browser.py's server."""

from __future__ import annotations

from typing import Any

# The live server and browser fixtures of test_browser.py, shared by import.
from tests.webclient.test_browser import PASSWORD, page, server, submit  # noqa: F401

from pyomero.testing import browser
from pyomero.testing.live import LiveServer

PASTE = """(([selector, text]) => {
  const data = new DataTransfer();
  data.setData("text/plain", text);
  const init = { clipboardData: data, bubbles: true, cancelable: true };
  document.querySelector(selector).dispatchEvent(new ClipboardEvent("paste", init));
})"""


def paste(tab: Any, selector: str, text: str) -> None:
    tab.evaluate(PASTE, [selector, text])


def test_it_keeps_one_table_and_takes_pasted_pairs(
    server: LiveServer,  # noqa: F811
    page: Any,  # noqa: F811
) -> None:
    from playwright.sync_api import expect

    browser.sign_in(page, server.url("/webclient/"), "alice", PASSWORD)
    page.get_by_role("button", name="Orphaned images", exact=True).click()
    page.locator("#thumbnails").get_by_role("button", name="cells.tif").click()
    expect(page.locator("#panel h2")).to_have_text("cells.tif")

    for key, value in (("strain", "HeLa"), ("stain", "DAPI")):
        page.get_by_label("Key", exact=True).fill(key)
        page.get_by_label("Value", exact=True).fill(value)
        submit(page, page.get_by_role("button", name="Add pair"))
    tables = page.locator("#panel table.pairs")
    expect(tables).to_have_count(1)  # one table per user and namespace
    expect(tables.locator("caption")).to_contain_text("Key-value pairs by alice")
    expect(page.get_by_label("Key 2")).to_have_value("stain")

    # A block pasted into "Add pair": every line is added to the same table.
    with page.expect_response(lambda r: r.request.method == "POST"):
        paste(page, "#new-key", "objective=63x\nmedium\tPBS\n")
    expect(page.get_by_label("Key 4")).to_have_value("medium")
    expect(page.get_by_label("Value 3")).to_have_value("63x")
    expect(tables).to_have_count(1)

    # In the table: edit a value in place, paste two rows into a new row, save.
    page.get_by_label("Value 1").fill("HeLa S3")
    page.get_by_role("button", name="Add row").click()
    paste(page, "#panel input[aria-label='Key 5']", "temperature=37\nCO2=5%")
    expect(page.get_by_label("Key 6")).to_have_value("CO2")
    submit(page, page.get_by_role("button", name="Save pairs"))
    expect(page.get_by_label("Value 1")).to_have_value("HeLa S3")
    expect(page.get_by_label("Value 5")).to_have_value("37")
    expect(page.get_by_label("Value 6")).to_have_value("5%")
    browser.screenshot(page, "webclient", "11-pairs")
