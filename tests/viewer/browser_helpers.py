"""What the viewer's browser tests share: a live server with a read-annotate group
where Alice owns a tiled Z-stack (on which Bob drew a rectangle) and a small image,
signing in, screenshots once the tiles are drawn, and axe-core's accessibility audit.

Needs the front-end bundle (``scripts/build-frontend``, which also installs axe-core
from npm), the ``playwright`` package and ``/usr/bin/chromium``; without them a test is
skipped, except under ``CI=true`` where it fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pyomero.testing import browser
from pyomero.testing.live import LiveServer, live_server

BUNDLE = browser.REPO / "src/pyomero/viewer/static/viewer/dist/viewer.js"
PASSWORD = "browser-password"
#: Planes above 256 x 256 are tiled, so a 1024 x 768 image has a 3-level pyramid.
CONFIG = {"omero.pixeldata.max_plane_width": "256", "omero.pixeldata.max_plane_height": "256"}

SETUP = f"""
from pyomero.model.actions import create_experimenter, do_create_group, do_save_roi
from pyomero.model.context import event_context
from pyomero.model.models import Experimenter
from pyomero.testing.images import make_pixels_image
root = Experimenter.objects.get(ome_name="root")
lab = do_create_group(event_context(root, -1), "lab", "read-annotate")
alice = create_experimenter("alice", first_name="Alice", last_name="Liddell",
                            password={PASSWORD!r}, groups=[lab])
bob = create_experimenter("bob", first_name="Bob", last_name="Builder",
                          password={PASSWORD!r}, groups=[lab])
image = make_pixels_image(event_context(alice, lab), "stack.tif", size_x=1024, size_y=768,
                          size_z=5, size_c=3, chunk=256, smallest_side=256)
small = make_pixels_image(event_context(alice, lab), "small.tif", size_x=200, size_y=150)
do_save_roi(event_context(bob, lab), image, [dict(kind="Rectangle", x=600, y=100,
            width=120, height=80, the_z=2, the_t=0, text="Bob's cell")])
print(image.pk, small.pk)
"""


@dataclass(frozen=True)
class Viewers:
    live: LiveServer
    stack: int
    small: int


@contextmanager
def viewer_server(folder: Path) -> Iterator[Viewers]:
    browser.require(BUNDLE)
    with live_server(folder / "omero", CONFIG) as started:
        stack, small = started.python(SETUP).split()
        yield Viewers(started, int(stack), int(small))


def sign_in(page: Any, live: LiveServer, target: str, user: str = "alice") -> None:
    """Sign in on the login page and land on ``target``."""
    browser.sign_in(page, live.url(f"/webclient/login/?url={target}"), user, PASSWORD)
    page.wait_for_url(f"**{target}*")


def open_viewer(page: Any, live: LiveServer, iid: int, query: str = "") -> None:
    """Open the viewer of ``iid`` (signed in) and wait until it is ready."""
    from playwright.sync_api import expect

    page.goto(live.url(f"/webclient/img_detail/{iid}/{query}"))
    expect(page.locator("#viewer-app")).to_have_attribute("data-ready", "true")
    page.evaluate("() => { window.pyomeroTestMark = true; }")


def same_page(page: Any) -> bool:
    """Whether the page opened by :func:`open_viewer` is still the one shown: neither
    reloaded nor navigated away (a new document would not have the mark)."""
    return bool(page.evaluate("() => window.pyomeroTestMark === true"))


def shot(page: Any, name: str) -> None:
    """``test-artefacts/viewer/<name>.png`` once no tile is on its way."""
    from playwright.sync_api import expect

    app = page.locator("#viewer-app")
    if app.count():
        expect(app).to_have_attribute("data-loading", "0")
    browser.screenshot(page, "viewer", name)


def axe_violations(page: Any) -> list[str]:
    """axe-core's WCAG 2.1 AA violations on the page and in each of its frames (a
    frame's prefixed with its URL's path)."""
    browser.require_axe()
    found: list[str] = []
    for frame in page.frames:
        where = "" if frame == page.main_frame else f"{urlsplit(frame.url).path}: "
        found += [f"{where}{line}" for line in browser.axe_violations(frame)]
    return found
