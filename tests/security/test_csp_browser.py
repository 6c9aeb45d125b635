"""Every page carries a Content-Security-Policy, and no page breaks it in a browser.

Headless Chromium (Playwright) opens the login page, the webclient (tree,
thumbnails, an image's panel with its channel swatches, search, history), the
viewer (one image, and two side by side) and webadmin (users, groups, account,
usage bars, audit) on a live server, and records every
``securitypolicyviolation`` event and every CSP message of the console. The
policy allows scripts and styles from the static files only: an inline script,
an inline style or an ``eval`` on any page is a failure here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pyomero.testing import browser
from pyomero.testing.live import ROOT_PASSWORD, LiveServer, fetch, live_server

BUNDLES = (
    browser.REPO / "src/pyomero/webclient/static/webclient/dist/webclient.js",
    browser.REPO / "src/pyomero/viewer/static/viewer/dist/viewer.js",
)
PASSWORD = "browser-password"
SETUP = f"""
from pyomero.model.actions import create_experimenter, do_create_group
from pyomero.model.context import event_context
from pyomero.model.models import Experimenter
from pyomero.testing.images import make_pixels_image
root = Experimenter.objects.get(ome_name="root")
lab = do_create_group(event_context(root, -1), "lab", "read-annotate")
alice = create_experimenter("alice", first_name="Alice", last_name="Liddell",
                            password={PASSWORD!r}, groups=[lab])
image = make_pixels_image(event_context(alice, lab), "cells.tif", size_x=300, size_y=200,
                          size_c=2)
print(image.pk)
"""
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`
  );
});
"""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[LiveServer, int]]:
    for bundle in BUNDLES:
        browser.require(bundle)
    with live_server(tmp_path / "omero") as started:
        yield started, int(started.python(SETUP).split()[-1])


class Watched:
    """A Chromium page that keeps the CSP violations of everything it opened."""

    def __init__(self, page: Any, server: LiveServer) -> None:
        self.page, self.server = page, server
        self.violations: list[str] = []
        page.add_init_script(LISTEN)
        page.on(
            "console",
            lambda m: (
                self.violations.append(f"console: {m.text}")
                if "Content Security Policy" in m.text
                else None
            ),
        )

    def visit(self, path: str) -> None:
        response = self.page.goto(self.server.url(path))
        assert response.status == 200, (path, response.status)
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        self.settle(path)

    def settle(self, where: str) -> None:
        self.page.wait_for_load_state("networkidle")
        seen = self.page.evaluate("window.__cspViolations")
        self.violations.extend(f"{where}: {v}" for v in seen)

    def sign_in(self, login: str, password: str) -> None:
        self.visit("/webclient/login/")
        self.page.get_by_label("Username").fill(login)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_url("**/webclient/**")
        self.settle("after sign-in")


def test_no_page_of_the_webclient_viewer_or_webadmin_breaks_the_policy(
    server: tuple[LiveServer, int],
) -> None:
    from playwright.sync_api import expect

    live, image = server
    with browser.chromium_page() as page:
        watched = Watched(page, live)
        watched.visit("/webadmin/forgotten_password/")
        watched.sign_in("alice", PASSWORD)
        page.get_by_role("button", name="Orphaned images", exact=True).click()
        expect(page.locator("#thumbnails img")).to_have_attribute("data-loaded", "true")
        page.locator("#thumbnails").get_by_role("button", name="cells.tif").click()
        expect(page.locator("#panel h2")).to_have_text("cells.tif")
        expect(page.locator("#panel svg.swatch").first).to_be_visible()
        watched.settle("webclient image panel")
        for path in ("/webclient/search/?query=cells", "/webclient/history/"):
            watched.visit(path)
        watched.visit(f"/webclient/img_detail/{image}/")
        expect(page.locator("#viewer-app")).to_have_attribute("data-loading", "0")
        watched.settle("viewer")
        watched.visit(f"/webclient/img_detail/compare/?images={image},{image}")
        browser.screenshot(page, "security", "csp-compare")
        page.context.clear_cookies()

        watched.sign_in("root", ROOT_PASSWORD)
        for path in (
            "/webadmin/",
            "/webadmin/groups/",
            "/webadmin/experimenter/new/",
            "/webadmin/myaccount/",
            "/webadmin/audit/",
            "/webadmin/stats/",
        ):
            watched.visit(path)
        expect(page.locator("svg.bar").first).to_be_attached()
        browser.screenshot(page, "security", "csp-webadmin-stats")
    assert watched.violations == [], "\n".join(sorted(set(watched.violations)))


def test_every_response_keeps_framing_and_sniffing_protection(
    server: tuple[LiveServer, int],
) -> None:
    live, _ = server
    for path in ("/webclient/login/", "/api/v0/", "/webadmin/forgotten_password/"):
        headers = fetch(live.url(path)).headers
        assert headers["X-Frame-Options"] == "SAMEORIGIN"
        assert headers["X-Content-Type-Options"] == "nosniff"
        policy = headers["Content-Security-Policy"]
        assert "frame-ancestors 'self'" in policy
        assert "object-src 'none'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
