"""The viewer's ROI tools in Chromium against a live server, each action checked in the
page as it is (no reload, no navigation): unsaved shapes in the ROI table with their
statistics, a map that keeps its height as the table grows, label text typed in place,
arrows, colours, line width, font size and comments, propagating a shape to other Z
planes, copy and paste, and why someone else's shape is not deleted. Screenshots go to
``test-artefacts/viewer/``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tests.viewer.browser_helpers import (
    Viewers,
    axe_violations,
    open_viewer,
    same_page,
    shot,
    sign_in,
)
from tests.viewer.browser_helpers import viewer_server as start_viewers

from pyomero.testing import browser


@pytest.fixture(scope="module")
def viewers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Viewers]:
    with start_viewers(tmp_path_factory.mktemp("viewer-rois")) as started:
        yield started


@pytest.fixture
def page(viewers: Viewers) -> Iterator[Any]:
    with browser.chromium_page() as page:
        sign_in(page, viewers.live, "/webclient/")
        problems: list[str] = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("dialog", lambda dialog: problems.append(f"dialog: {dialog.message}"))
        # (CSP violations and failed requests are console errors.)
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        yield page
        assert same_page(page)  # no action reloaded the page or left it
        assert problems == []


def shapes_of(page: Any, viewers: Viewers) -> list[dict[str, Any]]:
    url = viewers.live.url(f"/webclient/img_detail/{viewers.stack}/rois/")
    found: list[dict[str, Any]] = page.request.get(url).json()["shapes"]
    return found


def centre(page: Any, dx: float = 0, dy: float = 0) -> tuple[float, float]:
    box = page.locator("#map").bounding_box()
    return box["x"] + box["width"] / 2 + dx, box["y"] + box["height"] / 2 + dy


def draw_box(page: Any, kind: str, dx: float, dy: float, w: float = 60, h: float = 40) -> None:
    x, y = centre(page, dx, dy)
    page.get_by_role("button", name=kind, exact=True).click()
    page.mouse.click(x, y)
    page.mouse.move(x + w, y + h, steps=4)
    page.mouse.click(x + w, y + h)


def test_it_measures_unsaved_shapes_propagates_them_and_keeps_the_map_size(
    viewers: Viewers, page: Any
) -> None:
    from playwright.sync_api import expect

    open_viewer(page, viewers.live, viewers.stack, "?z=2")
    app = page.locator("#viewer-app")
    map_height = page.locator("#map").bounding_box()["height"]
    expect(app).to_have_attribute("data-stats-loading", "0")
    rows = page.locator("#roi-table tbody tr")
    saved_rows = rows.count()  # Bob's rectangle, and what other tests saved
    draw_box(page, "Rectangle", -200, -100)
    expect(app).to_have_attribute("data-roi-pending", "1")
    unsaved = page.locator("#roi-table tbody tr.unsaved")
    expect(unsaved).to_have_count(3)  # one row per channel, before any save
    expect(unsaved.first.locator("td").nth(1)).to_have_text("unsaved")
    assert int(unsaved.first.locator(".points").inner_text()) > 0
    assert float(unsaved.first.locator(".mean").inner_text()) > 0
    shot(page, "rois-01-unsaved-shape-measured")

    page.get_by_label("Copy to Z from").fill("1")
    page.get_by_label("Copy to Z to").fill("5")
    page.get_by_role("button", name="Propagate").click()
    expect(app).to_have_attribute("data-roi-pending", "5")
    expect(unsaved).to_have_count(15)  # 5 planes x 3 channels
    expect(rows).to_have_count(saved_rows + 15)
    assert page.locator("#map").bounding_box()["height"] == map_height
    wrap = page.locator(".roi-table-wrap")
    assert wrap.evaluate("(e) => e.scrollHeight > e.clientHeight")  # the table scrolls
    shot(page, "rois-02-propagated-table-scrolls")

    page.get_by_role("button", name="Save ROIs").click()
    expect(page.locator("#status")).to_have_text("ROIs saved")
    expect(unsaved).to_have_count(0)
    mine = [s for s in shapes_of(page, viewers) if s["kind"] == "Rectangle"]
    mine = [s for s in mine if s["owner"]["name"] == "Alice Liddell" and s["x"] < 400]
    assert sorted(s["the_z"] for s in mine) == [0, 1, 2, 3, 4]
    assert len({s["roi"] for s in mine}) == 1  # one ROI across the planes, as OMERO has it
    assert len({(s["x"], s["y"], s["width"]) for s in mine}) == 1


def test_it_types_labels_in_place_and_styles_arrows(viewers: Viewers, page: Any) -> None:
    from playwright.sync_api import expect

    open_viewer(page, viewers.live, viewers.stack, "?z=1")
    x, y = centre(page, 100, 120)
    page.get_by_role("button", name="Label", exact=True).click()
    page.mouse.click(x, y)
    editor = page.get_by_label("Label text")
    expect(editor).to_be_focused()
    editor.fill("nucleus")
    editor.press("Enter")
    expect(editor).to_have_count(0)
    expect(page.locator("#viewer-app")).to_have_attribute("data-roi-pending", "1")
    expect(page.locator("#shape-comment")).to_have_value("nucleus")

    page.get_by_role("button", name="Arrow", exact=True).click()
    page.mouse.click(x - 150, y - 20)
    page.mouse.click(x - 40, y - 80)
    expect(page.locator("#viewer-app")).to_have_attribute("data-roi-pending", "2")
    expect(page.locator("#viewer-app")).to_have_attribute("data-roi-selected", "1")
    page.get_by_label("Stroke").fill("#ff0000")
    page.get_by_label("Line width").fill("5")
    page.get_by_label("Line width").press("Enter")
    page.get_by_label("Font size").fill("20")
    page.get_by_label("Font size").press("Enter")
    page.get_by_label("Fill", exact=True).fill("#00ff00")
    page.get_by_label("Fill opacity").fill("50")
    page.get_by_label("Fill opacity").press("Enter")
    assert axe_violations(page) == []  # with the shape form in use
    page.get_by_label("Comment").fill("look here")
    page.get_by_label("Comment").press("Enter")
    comments = page.locator("#roi-table tbody tr.unsaved td.comment")
    expect(comments.filter(has_text="look here")).to_have_count(3)
    expect(comments.filter(has_text="nucleus")).to_have_count(3)
    shot(page, "rois-03-label-and-red-arrow")

    page.get_by_role("button", name="Save ROIs").click()
    expect(page.locator("#status")).to_have_text("ROIs saved")
    found = {s["kind"]: s for s in shapes_of(page, viewers) if s["the_z"] == 0}
    assert found["Label"]["text"] == "nucleus"
    arrow = found["Line"]
    assert (arrow["marker_end"], arrow["text"], arrow["stroke_width"]) == ("Arrow", "look here", 5)
    assert arrow["stroke_color"] == -16776961  # OMERO's signed RGBA of opaque red
    assert arrow["fill_color"] == 0x00FF0080 and arrow["font_size"] == 20  # green, 50 %
    assert arrow["x2"] > arrow["x1"] and arrow["y2"] < arrow["y1"]  # drawn up and right


def test_it_copies_pastes_and_says_why_bobs_shape_stays(viewers: Viewers, page: Any) -> None:
    from playwright.sync_api import expect

    open_viewer(page, viewers.live, viewers.stack, "?z=3")
    bobs = next(s for s in shapes_of(page, viewers) if s["owner"]["name"] == "Bob Builder")
    row = page.locator(f'#roi-table tbody tr[data-key="{bobs["roi"]}:{bobs["id"]}"]').first
    row.focus()
    page.keyboard.press("Enter")  # rows are chosen from the keyboard too
    expect(page.locator("#viewer-app")).to_have_attribute("data-roi-selected", "1")
    expect(page.get_by_label("Line width")).to_be_disabled()  # not Alice's to change
    page.locator("#map").focus()
    page.keyboard.press("Delete")
    expect(page.locator("#status")).to_contain_text("belongs to Bob Builder")
    expect(page.locator("#viewer-app")).to_have_attribute("data-roi-pending", "0")
    shot(page, "rois-04-delete-refused")

    page.keyboard.press("Control+c")
    expect(page.locator("#status")).to_have_text("1 shape copied")
    page.locator("#z-slider").focus()
    page.keyboard.press("ArrowRight")  # to Z 4
    expect(page.locator("#z-value")).to_have_text("4/5")
    page.get_by_role("button", name="Paste shapes").click()
    expect(page.locator("#viewer-app")).to_have_attribute("data-roi-pending", "1")
    page.get_by_role("button", name="Save ROIs").click()
    expect(page.locator("#status")).to_have_text("ROIs saved")
    pasted = [s for s in shapes_of(page, viewers) if s["the_z"] == 3 and s["kind"] == "Rectangle"]
    pasted = [s for s in pasted if s["owner"]["name"] == "Alice Liddell" and s["x"] == bobs["x"]]
    assert len(pasted) == 1 and pasted[0]["text"] == "Bob's cell"
    assert (pasted[0]["width"], pasted[0]["height"]) == (bobs["width"], bobs["height"])
    shot(page, "rois-05-pasted-on-z4")

    assert same_page(page)
    open_viewer(page, viewers.live, viewers.small)  # the clipboard outlives the page
    page.get_by_role("button", name="Paste shapes").click()
    expect(page.locator("#viewer-app")).to_have_attribute("data-roi-pending", "1")
    expect(page.locator("#roi-table tbody tr.unsaved")).to_have_count(2)  # its 2 channels


def test_it_shows_the_image_in_the_info_tab(viewers: Viewers, page: Any) -> None:
    from playwright.sync_api import expect

    open_viewer(page, viewers.live, viewers.stack)
    page.get_by_role("tab", name="Info").click()
    expect(page.get_by_role("tabpanel", name="Info")).to_be_visible()
    expect(page.get_by_role("tabpanel", name="Settings")).to_be_hidden()
    info = page.locator("#image-info")
    expect(info.locator('[data-field="Name"]')).to_have_text("stack.tif")
    expect(info.locator('[data-field="Owner"]')).to_have_text("Alice Liddell")
    times = "\N{MULTIPLICATION SIGN}"
    expect(info.locator('[data-field="Dimensions (XY)"]')).to_have_text(f"1024 {times} 768")
    expect(info.locator('[data-field="Planes"]')).to_have_text("5 Z, 3 C, 1 T")
    assert axe_violations(page) == []
    shot(page, "rois-06-info-tab")
    page.get_by_role("tab", name="Info").press("ArrowLeft")
    expect(page.get_by_role("tabpanel", name="Settings")).to_be_visible()
