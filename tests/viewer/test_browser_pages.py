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
