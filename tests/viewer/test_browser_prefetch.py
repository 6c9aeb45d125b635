"""The viewer fetches the tiles around the view once the view is drawn, so that moving
to the next field of view draws tiles already in memory: after the dwell, a pan to the
adjacent field at 1:1 asks the server for no tile. With ``?prefetch=0`` it does (the
benchmark's baseline). Times are measured by ``benchmarks/run viewer``, not here."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tests.viewer.browser_helpers import Viewers, open_viewer, shot, sign_in
from tests.viewer.browser_helpers import viewer_server as start_viewers

from pyomero.testing import browser


@pytest.fixture(scope="module")
def viewers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Viewers]:
    with start_viewers(tmp_path_factory.mktemp("viewer-prefetch")) as started:
        yield started


@pytest.fixture
def page(viewers: Viewers) -> Iterator[Any]:
    with browser.chromium_page() as page:
        sign_in(page, viewers.live, "/webclient/")
        yield page


def pan_to_the_next_field(page: Any, viewers: Viewers, query: str) -> list[str]:
    """Open the stack at 1:1 on its left, wait for the ring, pan one field to the
    right: the tile URLs asked for after the pan."""
    from playwright.sync_api import expect

    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "render_image_region" in r.url else None)
    open_viewer(page, viewers.live, viewers.stack, f"?zm=100&x=200&y=300{query}")
    app = page.locator("#viewer-app")
    expect(app).to_have_attribute("data-loading", "0")
    if "prefetch=0" not in query:
        expect(app).to_have_attribute("data-prefetching", "0")
    page.wait_for_load_state("networkidle")
    width = page.locator("#map").bounding_box()["width"]
    done = int(app.get_attribute("data-completed"))
    before = len(asked)
    page.evaluate(
        """(x) => document.getElementById("viewer-app").dispatchEvent(
             new CustomEvent("viewer:view", { detail: { x, y: 300 } }))""",
        200 + width,
    )
    expect(app).not_to_have_attribute("data-completed", str(done))
    expect(app).to_have_attribute("data-loading", "0")
    return asked[before:]


def test_it_pans_to_the_next_field_without_asking_for_tiles(viewers: Viewers, page: Any) -> None:
    after = pan_to_the_next_field(page, viewers, "")
    assert [url for url in after if "tile=0," in url] == []
    shot(page, "prefetch-01-next-field")


def test_it_asks_for_the_tiles_after_the_pan_without_the_ring(viewers: Viewers, page: Any) -> None:
    after = pan_to_the_next_field(page, viewers, "&prefetch=0")
    assert [url for url in after if "tile=0," in url] != []
