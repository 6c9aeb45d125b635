"""axe-core (from npm, evaluated in the page) finds no WCAG 2.1 AA violation on
OMERO.webadmin's pages, as root and as a group owner. Screenshots go to
``test-artefacts/webadmin-accessibility/``; same needs and skips as test_browser.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pyomero.testing import browser
from pyomero.testing.live import ROOT_PASSWORD, LiveServer, live_server

BUNDLE = browser.REPO / "src/pyomero/webclient/static/webclient/dist/webclient.js"
PASSWORD = "leader-password-5521"

SETUP = f"""
import json
from pyomero.model.actions import create_experimenter, do_add_group_members, do_create_group
from pyomero.model.context import event_context
from pyomero.model.models import Experimenter
from pyomero.testing.images import make_pixels_image
root = event_context(Experimenter.objects.get(ome_name="root"), -1)
lab = do_create_group(root, "cell-lab", "read-annotate")
lead = create_experimenter(
    "lead", first_name="Grace", last_name="Hopper", password={PASSWORD!r}, groups=[lab]
)
do_add_group_members(root, lab, [lead], as_owner=True)
make_pixels_image(event_context(lead, lab), "cells.tif")
print(json.dumps({{"group": lab.pk, "user": lead.pk}}))
"""

#: The pages root sees (``{group}`` and ``{user}`` filled in).
ROOT_PAGES = [
    "/webadmin/",
    "/webadmin/experimenters/",
    "/webadmin/experimenter/new/",
    "/webadmin/experimenter/edit/{user}/",
    "/webadmin/change_password/{user}/",
    "/webadmin/groups/",
    "/webadmin/group/new/",
    "/webadmin/group/edit/{group}/",
    "/webadmin/myaccount/",
    "/webadmin/stats/",
    "/webadmin/email/",
    "/webadmin/audit/",
]
#: The pages a group owner sees.
LEADER_PAGES = [
    "/webadmin/group_owner/",
    "/webadmin/group_owner/edit/{group}/",
    "/webadmin/myaccount/",
]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[LiveServer, dict[str, int]]]:
    import json

    browser.require(BUNDLE)
    browser.require_axe()
    with live_server(tmp_path / "omero") as started:
        made = json.loads(started.python(SETUP).strip().splitlines()[-1])
        yield started, made


def visit(
    page: Any, live: LiveServer, pages: list[str], made: dict[str, int], who: str
) -> list[str]:
    found = []
    for path in pages:
        url = path.format(**made)
        response = page.goto(live.url(url))
        # 503: the forgotten-password page says reset is not configured (no SMTP here).
        assert response.status in (200, 503), url
        name = f"{who}-" + (url.strip("/").replace("/", "-") or "index")
        browser.screenshot(page, "webadmin-accessibility", name, full_page=True)
        found += [f"{url}: {line}" for line in browser.axe_violations(page)]
    return found


def sign_in(page: Any, live: LiveServer, login: str, password: str) -> None:
    browser.sign_in(page, live.url("/webadmin/"), login, password)
    page.wait_for_url("**/webadmin/**")


def test_the_webadmin_pages_have_no_wcag_aa_violations(
    server: tuple[LiveServer, dict[str, int]],
) -> None:
    live, made = server
    with browser.chromium_page() as page:
        found = visit(page, live, ["/webadmin/forgotten_password/"], made, "anonymous")
        sign_in(page, live, "root", ROOT_PASSWORD)
        found += visit(page, live, ROOT_PAGES, made, "root")
    with browser.chromium_page() as page:
        sign_in(page, live, "lead", PASSWORD)
        found += visit(page, live, LEADER_PAGES, made, "leader")
    assert found == [], "\n".join(found)
