"""OMERO.iviewer, unmodified, in a real browser (headless Debian Chromium driven by
Playwright) against a live server with ``omero_iviewer`` in ``omero.web.apps``: the
image renders with no console error, and a step in Z requests the new plane and
paints it; a rectangle drawn in the ROIs tab is saved through ``persist_rois`` on the
current plane. Screenshots go to ``test-artefacts/iviewer/``.

Needs ``omero-iviewer`` (``pip install --no-deps omero-iviewer``), the ``playwright``
package and ``/usr/bin/chromium``; without them the test is skipped, except under
``CI=true`` where it fails.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest

from pyomero.testing import browser
from pyomero.testing.live import LiveServer, live_server

PASSWORD = "browser-password"
CONFIG = {"omero.web.apps": '["omero_iviewer"]'}
#: OMERO.iviewer asks whether the image-region microservice runs; without it (as here
#: and in any OMERO without the microservice) the probe is a 404 it expects.
PROBE = "/omero_ms_image_region/"
#: A short signature of what the image canvases show.
CANVAS_SIGNATURE = """() => {
    let total = 0;
    for (const canvas of document.querySelectorAll('.ol-viewport canvas')) {
        const context = canvas.getContext('2d');
        if (!context || !canvas.width || !canvas.height) continue;
        const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 0; i < data.length; i += 97) total = (total * 31 + data[i]) % 1000000007;
    }
    return total;
}"""

SETUP = f"""
from pyomero.model.actions import create_experimenter, do_create_group
from pyomero.model.context import event_context
from pyomero.model.models import Experimenter
from pyomero.testing.images import make_pixels_image
root = Experimenter.objects.get(ome_name="root")
lab = do_create_group(event_context(root, -1), "lab", "read-annotate")
alice = create_experimenter("alice", first_name="Alice", last_name="Liddell",
                            password={PASSWORD!r}, groups=[lab])
image = make_pixels_image(event_context(alice, lab), "stack.tif", size_x=300, size_y=200,
                          size_z=5, size_c=3)
print(image.pk)
"""


def require_iviewer() -> Path:
    spec = find_spec("omero_iviewer")
    if spec is None or not spec.submodule_search_locations:
        reason = "omero-iviewer is not installed (pip install --no-deps omero-iviewer)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {reason}")
        pytest.skip(reason)
    folder = Path(next(iter(spec.submodule_search_locations)))
    bundle = folder / "static/omero_iviewer/main.js"
    browser.require(bundle)
    return bundle


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[LiveServer, int]]:
    require_iviewer()
    with live_server(tmp_path / "omero", CONFIG) as started:
        yield started, int(started.python(SETUP).split()[-1])


SHAPES = """
from pyomero.model.models import Shape
print([(s.kind, s.the_z, s.the_t, round(s.width), round(s.height)) for s in Shape.objects.all()])
"""


def test_it_opens_an_image_in_omero_iviewer_steps_through_z_and_saves_a_rectangle(
    server: tuple[LiveServer, int],
) -> None:
    from playwright.sync_api import expect

    live, iid = server
    errors: list[str] = []
    planes: list[str] = []
    opened = {"iviewer": False}

    def console(message: Any) -> None:
        location = message.location.get("url", "") if message.location else ""
        if opened["iviewer"] and message.type == "error" and PROBE not in location:
            errors.append(f"{message.text} ({location})")

    def request(sent: Any) -> None:
        if "/iviewer/?images=" in sent.url:
            opened["iviewer"] = True

    def response(answer: Any) -> None:
        if f"/webgateway/render_image/{iid}/" in answer.url and answer.status == 200:
            planes.append(answer.url)

    with browser.chromium_page() as page:
        try:
            page.on("console", console)
            page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
            page.on("request", request)
            page.on("response", response)
            target = f"/iviewer/?images={iid}"
            browser.sign_in(page, live.url(f"/webclient/login/?url={target}"), "alice", PASSWORD)
            page.wait_for_url(f"**{target}")
            expect(page.get_by_text("stack.tif").first).to_be_visible()
            # The imported default plane is the middle one: Z index 2 of 5.
            page.wait_for_function(f"() => ({CANVAS_SIGNATURE})() !== 0")
            assert any(f"/render_image/{iid}/2/0/" in url for url in planes), planes
            before = page.evaluate(CANVAS_SIGNATURE)
            browser.screenshot(page, "iviewer", "01-opened")

            page.locator(".dim-arrows.glyphicon-chevron-up").first.click()
            page.wait_for_function(f"() => ({CANVAS_SIGNATURE})() !== {before}")
            assert any(f"/render_image/{iid}/3/0/" in url for url in planes), planes
            browser.screenshot(page, "iviewer", "02-next-z")

            page.get_by_text("ROIs [").click()
            page.locator(".draw-rectangle-icon").click()
            expect(page.locator(".draw-rectangle-icon")).to_have_class(re.compile("draw-active"))
            box = page.locator(".ol-viewport").first.bounding_box()
            left, top = box["x"] + box["width"] / 3, box["y"] + box["height"] / 3
            # A box is drawn as OpenLayers draws one: click, move, click (pauses between,
            # or the two clicks read as a double click).
            page.mouse.click(left, top)
            page.wait_for_timeout(250)
            page.mouse.move(left + 30, top + 20, steps=10)
            page.mouse.move(left + 60, top + 40, steps=10)
            page.wait_for_timeout(250)
            page.mouse.click(left + 60, top + 40)
            save = page.get_by_role("button", name="Save", exact=True).locator("visible=true")
            browser.screenshot(page, "iviewer", "03-rectangle-drawn")
            expect(save).to_be_enabled()
            persisted = lambda answer: "/iviewer/persist_rois" in answer.url  # noqa: E731
            with page.expect_response(persisted) as saved:
                save.click()
            assert saved.value.status == 200
            ids = saved.value.json()["ids"]
            assert len(ids) == 1
            assert all(":" in saved_id and "-" not in saved_id for saved_id in ids.values())
            browser.screenshot(page, "iviewer", "04-rectangle-saved")
        except Exception:
            browser.screenshot(page, "iviewer", "failed")  # what the page showed
            raise
    ((kind, z, t, width, height),) = ast.literal_eval(live.python(SHAPES))
    assert (kind, z, t) == ("Rectangle", 3, 0)
    assert width > 0 and height > 0
    assert errors == []
