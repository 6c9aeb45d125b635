"""The screenshots of ``docs/webclient.md``, taken in headless Chromium from a live
server loaded with the demo data set (``omero demo``): run ``scripts/docs-screenshots``,
never take them by hand, so that they follow the pages.

``python -m pyomero.testing.docshots [FOLDER]`` (default ``docs/images``) writes
``webclient-*.png`` and ``webadmin-users.png`` there.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from pyomero.testing.browser import chromium_page
from pyomero.testing.live import ROOT_PASSWORD, LiveServer, live_server

ANNOTATE = """
from pyomero.model.actions import do_add_comment, do_add_tag, do_set_rating
from pyomero.model.context import event_context
from pyomero.model.models import Experimenter, Image
from pyomero.webclient.annotating import add_pairs
demo = Experimenter.objects.get(ome_name="demo")
ctx = event_context(demo, "demo")
image = Image.objects.get(name="Z-stack")
do_add_tag(ctx, image, "mitosis")
pairs = [("strain", "HeLa"), ("stain", "DAPI / GFP / mCherry"), ("objective", "63x oil")]
add_pairs(ctx, image, pairs)
do_set_rating(ctx, image, 4)
do_add_comment(ctx, image, "Prophase in the upper left cell.")
print(image.pk)
"""


def take(folder: Path) -> list[Path]:
    """Start a server, load the demo data, sign in as ``demo`` and save the screens."""
    folder.mkdir(parents=True, exist_ok=True)
    config = {"omero.tasks.backend": "immediate"}
    with (
        tempfile.TemporaryDirectory(prefix="pyomero-docshots-") as tmp,
        live_server(Path(tmp) / "omero", config) as server,
    ):
        out = server.omero("demo", "--big-side", "2048", timeout=600).stdout
        found = re.search(r"password: (\S+)", out)
        if not found:
            raise RuntimeError(f"omero demo did not print a password:\n{out}")
        image_id = int(server.python(ANNOTATE).strip().splitlines()[-1])
        return _screens(server, folder, found.group(1), image_id)


def _screens(server: LiveServer, folder: Path, password: str, image_id: int) -> list[Path]:
    from playwright.sync_api import expect

    saved: list[Path] = []

    def save(page: Any, name: str) -> None:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path))
        saved.append(path)

    with chromium_page() as page:
        _sign_in(page, server, f"/webclient/?show=image-{image_id}", "demo", password)
        expect(page.locator("#panel h2")).to_have_text("Z-stack")
        page.wait_for_function(
            "() => [...document.querySelectorAll('#thumbnails img')].every(i => i.dataset.loaded)"
        )
        save(page, "webclient-data")
        page.locator("#thumbnails").get_by_role("button", name="Z-stack").click(button="right")
        expect(page.get_by_role("menu")).to_be_visible()
        save(page, "webclient-context-menu")
        page.keyboard.press("Escape")
        page.locator("#panel table.pairs").scroll_into_view_if_needed()
        save(page, "webclient-annotations")
        page.locator("#panel").get_by_text("Original metadata", exact=True).click()
        expect(page.locator("#panel .original-metadata")).to_be_visible()
        page.locator("#panel details.original").scroll_into_view_if_needed()
        save(page, "webclient-original-metadata")
        page.goto(server.url("/webclient/search/?query=mitosis"))
        expect(page.locator("#search-results img[data-thumb-id]").first).to_have_attribute(
            "data-loaded", "true"
        )
        save(page, "webclient-search")
        page.goto(server.url("/webclient/history/"))
        save(page, "webclient-history")
    with chromium_page() as page:
        _sign_in(page, server, "/webadmin/", "root", ROOT_PASSWORD)
        save(page, "webadmin-users")
    return saved


def _sign_in(page: Any, server: LiveServer, path: str, login: str, password: str) -> None:
    page.goto(server.url(path))
    page.get_by_label("Username").fill(login)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    for path in take(Path(args[0] if args else "docs/images")):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
