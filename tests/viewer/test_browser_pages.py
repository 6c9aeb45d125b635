"""The viewer's pages in Chromium against a live server: axe-core finds no WCAG 2.1 AA
violation on the viewer, its Info tab, the side-by-side page and the page of a missing
image, which is a page of the viewer's own (not a bare "Not Found") with a way back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tests.viewer.browser_helpers import Viewers, axe_violations, open_viewer, shot, sign_in
from tests.viewer.browser_helpers import viewer_server as start_viewers

from pyomero.testing import browser


@pytest.fixture(scope="module")
def viewers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Viewers]:
    with start_viewers(tmp_path_factory.mktemp("viewer-pages")) as started:
        yield started


@pytest.fixture
def page(viewers: Viewers) -> Iterator[Any]:
    with browser.chromium_page() as page:
        sign_in(page, viewers.live, "/webclient/")
        yield page


def test_it_has_no_accessibility_violation_on_the_viewer(viewers: Viewers, page: Any) -> None:
    open_viewer(page, viewers.live, viewers.stack)
    assert axe_violations(page) == []
    shot(page, "a11y-01-viewer")


def test_it_answers_a_missing_image_with_a_viewer_page(viewers: Viewers, page: Any) -> None:
    from playwright.sync_api import expect

    response = page.goto(viewers.live.url("/webclient/img_detail/999999/"))
    assert response.status == 404
    expect(page.get_by_role("heading", name="Image not found")).to_be_visible()
    expect(page.get_by_text("Image 999999 does not exist")).to_be_visible()
    page.get_by_role("link", name="Back to your data").click()
    page.wait_for_url("**/webclient/")
    page.go_back()
    assert axe_violations(page) == []
    shot(page, "a11y-02-missing-image")


def test_it_gives_the_images_the_space_side_by_side(viewers: Viewers, page: Any) -> None:
    from playwright.sync_api import expect

    ids = f"{viewers.stack},{viewers.small}"
    page.goto(viewers.live.url(f"/webclient/img_detail/compare/?images={ids}"))
    frames = [page.frame_locator("iframe").nth(i) for i in (0, 1)]
    for frame in frames:
        expect(frame.locator("#viewer-app")).to_have_attribute("data-ready", "true")
        expect(frame.locator(".viewer-side")).to_be_hidden()  # one shared panel instead
        expect(frame.locator(".roi-panel")).to_be_hidden()
        map_box = frame.locator("#map").bounding_box()
        assert map_box["width"] > 500 and map_box["height"] > 650
    stack, small = frames
    page.get_by_label("Z").fill("2")
    expect(page.locator("#compare-z-value")).to_have_text("2/5")
    expect(stack.locator("#viewer-app")).to_have_attribute("data-painted", "2/1")
    expect(small.locator("#viewer-app")).to_have_attribute("data-painted", "1/1")  # has one Z
    page.get_by_role("button", name="1:1").click()
    for frame in frames:
        expect(frame.locator("#zoom-level")).to_have_text("100%")
    page.get_by_role("button", name="Fit").click()
    expect(stack.locator("#zoom-level")).not_to_have_text("100%")
    assert axe_violations(page) == []
    shot(page, "a11y-03-side-by-side")
