"""OMERO.webadmin in a real browser (headless Chromium) against ``omero web start``:
root creates a read-annotate group and a user in it, and reads the audit trail; the
user signs in, changes their password, signs in again with it and sees the group's
data in the webclient.
Screenshots go to ``test-artefacts/webadmin/``.

Skipped without Playwright, Chromium or the front-end bundle (failing under CI=true).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pyomero.testing import browser
from pyomero.testing.live import ROOT_PASSWORD, LiveServer, live_server

BUNDLE = browser.REPO / "src/pyomero/webclient/static/webclient/dist/webclient.js"
FIRST = "first-password-4821"
SECOND = "second-password-9377"

COLLEAGUE_DATA = """
from pyomero.model.actions import create_experimenter
from pyomero.model.context import event_context
from pyomero.model.models import ExperimenterGroup
from pyomero.testing.images import make_pixels_image
lab = ExperimenterGroup.objects.get(name="cell-lab")
alice = create_experimenter("alice", first_name="Alice", last_name="L", groups=[lab])
make_pixels_image(event_context(alice, lab), "cells.tif", size_x=64, size_y=48)
"""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    browser.require(BUNDLE)
    with live_server(tmp_path / "omero") as started:
        yield started


@pytest.fixture
def page(server: LiveServer) -> Iterator[Any]:
    with browser.chromium_page() as page:
        yield page


def shot(page: Any, name: str) -> None:
    browser.screenshot(page, "webadmin", name, full_page=True)


def sign_in(page: Any, server: LiveServer, path: str, login: str, password: str) -> None:
    browser.sign_in(page, server.url(path), login, password)


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/webclient/login/**")


def test_it_lets_an_admin_bring_in_a_user_who_then_works(server: LiveServer, page: Any) -> None:
    from playwright.sync_api import expect

    sign_in(page, server, "/webadmin/", "root", ROOT_PASSWORD)
    expect(page.get_by_role("heading", name="Users")).to_be_visible()
    page.get_by_role("link", name="Groups", exact=True).click()
    page.get_by_role("link", name="New group").click()
    page.get_by_label("Name", exact=True).fill("cell-lab")
    page.get_by_label("read-annotate").check()
    page.get_by_role("button", name="Create group").click()
    expect(page.locator("#groups")).to_contain_text("cell-lab")
    shot(page, "01-group")

    page.get_by_role("link", name="Users", exact=True).click()
    page.get_by_role("link", name="New user").click()
    page.get_by_label("Username").fill("bob")
    page.get_by_label("First name").fill("Bob")
    page.get_by_label("Last name").fill("Builder")
    page.get_by_label("Email").fill("bob@example.org")
    page.get_by_label("Password", exact=True).fill(FIRST)
    page.get_by_label("Confirm password").fill(FIRST)
    page.get_by_label("cell-lab").check()
    shot(page, "02-new-user")
    page.get_by_role("button", name="Create user").click()
    expect(page.locator("#experimenters")).to_contain_text("bob")
    page.get_by_role("link", name="Audit trail").click()
    expect(page.locator("#audit tbody tr").first).to_contain_text("experimenter.create")
    shot(page, "03-audit")
    sign_out(page)

    server.python(COLLEAGUE_DATA)
    sign_in(page, server, "/webadmin/myaccount/", "bob", FIRST)
    page.get_by_role("link", name="Change my password").click()
    page.get_by_label("Current password").fill(FIRST)
    page.get_by_label("New password", exact=True).fill(SECOND)
    page.get_by_label("Confirm new password").fill(SECOND)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("heading", name="My account")).to_be_visible()
    sign_out(page)

    sign_in(page, server, "/webclient/", "bob", FIRST)
    expect(page.get_by_role("alert")).to_contain_text("check your user name and password")
    sign_in(page, server, "/webclient/", "bob", SECOND)
    expect(page.get_by_text("Signed in as")).to_contain_text("bob")
    expect(page.locator("#group-select option:checked")).to_have_text("cell-lab")
    page.get_by_label("Show data of").select_option(label="All members")
    page.get_by_role("button", name="Show", exact=True).click()
    page.get_by_role("button", name="Orphaned images", exact=True).click()
    expect(page.locator("#thumbnails")).to_contain_text("cells.tif")
    expect(page.locator("#thumbnails img")).to_have_attribute("data-loaded", "true")
    shot(page, "04-group-data")
