"""The viewer in a real browser (headless Debian Chromium driven by Playwright) against
a live server started by ``omero web start``: open a tiled 3-channel Z-stack, wait for
its tiles, step through Z with the keyboard, toggle a channel and greyscale, save the
settings and find them kept on reload, reopen a view from its URL. Screenshots go to
``test-artefacts/viewer/`` (kept by CI).

Needs the front-end bundle (``scripts/build-frontend``), the ``playwright`` package and
``/usr/bin/chromium``; without them the test is skipped, except under ``CI=true``
where it fails. Playwright never downloads a browser here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pyomero.pixels import PixelType
from pyomero.pixels.synthetic import plane
from pyomero.testing import browser
from pyomero.testing.live import LiveServer, live_server

BUNDLE = browser.REPO / "src/pyomero/viewer/static/viewer/dist/viewer.js"
PASSWORD = "browser-password"
#: Planes above 256 x 256 are tiled, so a 1024 x 768 image has a 3-level pyramid.
CONFIG = {"omero.pixeldata.max_plane_width": "256", "omero.pixeldata.max_plane_height": "256"}

SETUP = f"""
from pyomero.model.actions import create_experimenter, do_create_group
from pyomero.model.context import event_context
from pyomero.model.models import Experimenter
from pyomero.testing.images import make_pixels_image
root = Experimenter.objects.get(ome_name="root")
lab = do_create_group(event_context(root, -1), "lab", "read-annotate")
alice = create_experimenter("alice", first_name="Alice", last_name="Liddell",
                            password={PASSWORD!r}, groups=[lab])
image = make_pixels_image(event_context(alice, lab), "stack.tif", size_x=1024, size_y=768,
                          size_z=5, size_c=3, chunk=256, smallest_side=256)
small = make_pixels_image(event_context(alice, lab), "small.tif", size_x=200, size_y=150)
print(image.pk, small.pk)
"""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[LiveServer, int, int]]:
    browser.require(BUNDLE)
    with live_server(tmp_path / "omero", CONFIG) as started:
        stack, small = started.python(SETUP).split()
        yield started, int(stack), int(small)


@pytest.fixture
def page(server: tuple[LiveServer, int, int]) -> Iterator[Any]:
    with browser.chromium_page() as page:
        yield page


def shot(page: Any, name: str) -> None:
    """A screenshot once no tile is on its way."""
    from playwright.sync_api import expect

    expect(page.locator("#viewer-app")).to_have_attribute("data-loading", "0")
    browser.screenshot(page, "viewer", name)


def test_it_views_a_tiled_stack_and_a_small_plane_in_a_browser(
    server: tuple[LiveServer, int, int], page: Any
) -> None:
    from playwright.sync_api import expect

    live, iid, small = server
    planes: list[str] = []
    tiles: list[str] = []

    def seen(response: Any) -> None:
        if (
            "/render_image_region/" in response.url
            and response.status == 200
            and response.headers.get("content-type") == "image/jpeg"
        ):
            tiles.append(response.url)
        if "/render_image/" in response.url and response.status == 200:
            planes.append(response.url)

    page.on("response", seen)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    viewer = f"/webclient/img_detail/{iid}/"
    browser.sign_in(page, live.url(f"/webclient/login/?url={viewer}"), "alice", PASSWORD)
    page.wait_for_url(f"**{viewer}*")
    expect(page.locator("#viewer-app")).to_have_attribute("data-ready", "true")
    page.wait_for_function("() => !!document.querySelector('#map canvas')")
    expect(page.locator("#z-value")).to_have_text("3/5")  # the imported default: the middle
    wait_for_tile(page, tiles, f"/render_image_region/{iid}/2/0/?tile=")
    shot(page, "01-opened")

    page.locator("#z-slider").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_url("**z=4*")
    wait_for_tile(page, tiles, f"/render_image_region/{iid}/3/0/?tile=")
    shot(page, "02-z4")

    page.get_by_label("Channel", exact=False).nth(1).uncheck()
    page.wait_for_url("**c=1%7C*%2C-2%7C*")
    wait_for_tile(page, tiles, "%2C-2%7C")
    page.locator("#channels li").first.get_by_label("Start").fill("100")
    page.locator("#channels li").first.get_by_label("Start").press("Enter")
    page.wait_for_url("**c=1%7C100%3A*")
    wait_for_tile(page, tiles, "c=1%7C100%3A")
    page.locator("#greyscale").check()
    page.wait_for_url("**m=g*")
    wait_for_tile(page, tiles, "&m=g")
    page.get_by_role("button", name="Undo").click()
    expect(page.locator("#greyscale")).not_to_be_checked()
    page.get_by_role("button", name="Redo").click()
    expect(page.locator("#greyscale")).to_be_checked()
    shot(page, "03-channel-off-greyscale")

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#status")).to_have_text("Settings saved")
    page.goto(live.url(viewer))
    expect(page.locator("#viewer-app")).to_have_attribute("data-ready", "true")
    expect(page.locator("#channels li").nth(1).locator(".active")).not_to_be_checked()
    expect(page.locator("#greyscale")).to_be_checked()
    expect(page.locator("#channels li").first.get_by_label("Start")).to_have_value("100")
    expect(page.locator("#z-value")).to_have_text("4/5")
    page.get_by_role("button", name="Play").click()  # along Z, 5 planes a second
    expect(page.locator("#z-value")).not_to_have_text("4/5")
    page.get_by_role("button", name="Pause").click()
    expect(page.locator("#viewer-app")).to_have_attribute("data-playing", "false")
    page.locator("#greyscale").uncheck()
    page.locator("#channels li").first.get_by_label("Lookup table").select_option("fire.lut")
    wait_for_tile(page, tiles, "%24fire.lut")
    expect(page.locator("#channels li").first).to_have_attribute("data-histogram", "loaded")
    shot(page, "03b-lut-and-histogram")

    page.goto(live.url(f"{viewer}?z=2&t=1&zm=100&x=300&y=200"))
    expect(page.locator("#viewer-app")).to_have_attribute("data-ready", "true")
    expect(page.locator("#z-value")).to_have_text("2/5")
    expect(page.locator("#zoom-level")).to_have_text("100%")
    wait_for_tile(page, tiles, f"/render_image_region/{iid}/1/0/?tile=0,")
    shot(page, "04-reopened-at-1to1")

    draw_a_rectangle_and_find_it_measured(page, live, iid, viewer)
    read_the_pixel_under_the_cursor(page)

    page.goto(live.url(f"/webclient/img_detail/{small}/"))
    expect(page.locator("#viewer-app")).to_have_attribute("data-ready", "true")
    wait_for_tile(page, planes, f"/render_image/{small}/0/0/?c=")
    page.get_by_role("button", name="1:1").click()
    expect(page.locator("#zoom-level")).to_have_text("100%")
    shot(page, "08-small-plane-1to1")
    with page.expect_download() as exported:
        page.get_by_role("button", name="Export PNG").click()
    assert exported.value.suggested_filename == "small.tif.png"
    assert Path(exported.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    page.goto(live.url(f"/webclient/img_detail/compare/?images={iid},{small}"))
    left, right = page.frame_locator("iframe").nth(0), page.frame_locator("iframe").nth(1)
    for frame in (left, right):
        expect(frame.locator("#viewer-app")).to_have_attribute("data-ready", "true")
    page.get_by_role("button", name="1:1").click()  # the page's one panel drives both
    expect(right.locator("#zoom-level")).to_have_text("100%")
    expect(left.locator("#zoom-level")).to_have_text("100%")
    browser.screenshot(page, "viewer", "09-side-by-side")
    assert errors == []  # no script error, no failed request, all along


def draw_a_rectangle_and_find_it_measured(
    page: Any, live: LiveServer, iid: int, viewer: str
) -> None:
    """Draw a rectangle on Z 2, resize it, save it, reload: the table shows its statistics,
    which match numpy's over the stored pixels under the saved rectangle."""
    from playwright.sync_api import expect

    box = page.locator("#map").bounding_box()
    left, top = box["x"] + box["width"] / 2 - 80, box["y"] + box["height"] / 2 - 50
    page.get_by_role("button", name="Rectangle").click()
    page.mouse.click(left, top)
    page.mouse.move(left + 90, top + 60, steps=4)
    page.mouse.click(left + 90, top + 60)
    expect(page.locator("#viewer-app")).to_have_attribute("data-roi-pending", "1")
    page.mouse.click(left, top + 30)  # on its left edge: selects it
    expect(page.locator("#viewer-app")).to_have_attribute("data-roi-selected", "1")
    page.mouse.move(left + 90, top + 60, steps=2)  # its bottom-right corner, dragged: resizes it
    page.mouse.down()
    page.mouse.move(left + 150, top + 70, steps=5)
    page.mouse.up()
    page.get_by_role("button", name="Save ROIs").click()
    expect(page.locator("#status")).to_have_text("ROIs saved")
    shot(page, "05-rectangle-drawn")

    page.goto(live.url(viewer))
    expect(page.locator("#viewer-app")).to_have_attribute("data-ready", "true")
    expect(page.locator("#viewer-app")).to_have_attribute("data-roi-count", "1")
    [shape] = page.request.get(live.url(f"/webclient/img_detail/{iid}/rois/")).json()["shapes"]
    assert (shape["kind"], shape["the_z"], shape["the_t"]) == ("Rectangle", 1, 0)
    assert shape["width"] / shape["height"] == pytest.approx(150 / 70, rel=0.05)  # resized
    rows = page.locator("#roi-table tbody tr")
    expect(rows).to_have_count(2)  # one per active channel: channel 2 was switched off
    x, y, w, h = (shape[k] for k in ("x", "y", "width", "height"))
    ys, xs = np.mgrid[0:768, 0:1024] + 0.5
    inside = (xs >= x) & (xs < x + w) & (ys >= y) & (ys < y + h)
    for row, channel in zip(rows.all(), (0, 2), strict=True):
        values = stored_plane(channel, z=1)[inside]
        assert row.locator("td").nth(2).inner_text() == "Rectangle"
        assert row.locator("td").nth(3).inner_text() == "2"
        assert int(row.locator(".points").inner_text()) == inside.sum()
        assert float(row.locator(".max").inner_text()) == values.max()
        assert float(row.locator(".mean").inner_text()) == pytest.approx(values.mean(), rel=1e-4)
    rows.first.click()  # jumps to the shape's plane and selects it
    expect(page.locator("#z-value")).to_have_text("2/5")
    shot(page, "06-roi-table")


def read_the_pixel_under_the_cursor(page: Any) -> None:
    """The values shown under the cursor are the stored ones, channel by channel."""
    from playwright.sync_api import expect

    box = page.locator("#map").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2 + 7, box["y"] + box["height"] / 2 + 3, steps=3)
    x = int(page.locator("#cursor-position").get_attribute("data-x"))
    y = int(page.locator("#cursor-position").get_attribute("data-y"))
    assert page.locator("#cursor-position").inner_text().startswith(f"x {x}, y {y} px")
    expect(page.locator("#pixel-values")).to_have_attribute("data-x", str(x))
    expect(page.locator("#pixel-values")).to_have_attribute("data-y", str(y))
    values = page.locator("#pixel-values li")
    expect(values).to_have_count(2)
    for item in values.all():
        channel = int(item.get_attribute("data-channel"))
        assert int(item.get_attribute("data-value")) == stored_plane(channel, z=1)[y, x]
    shot(page, "07-pixel-values")


def stored_plane(channel: int, z: int) -> np.ndarray:
    """The stack's stored values (make_pixels_image's synthetic uint16 pattern)."""
    return plane(PixelType.UINT16, 0, channel, z, 768, 1024).astype(np.float64)


def wait_for_tile(page: Any, tiles: list[str], part: str, timeout: float = 15) -> None:
    """Until a 200 image/jpeg tile whose URL contains ``part`` has been received."""
    for _ in range(int(timeout * 10)):
        if any(part in url for url in tiles):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"no tile with {part!r} among {tiles[-5:]}")
