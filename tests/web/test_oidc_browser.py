"""Single sign-on through a real OpenID Connect provider, in headless Chromium.

pyomero runs under ``omero web start`` and the provider (django-oauth-toolkit) in a
child process, both on free loopback ports. The login page's button leads to the
provider's login and back into the webclient, where the user now exists in the
groups of its ``groups`` claim; an answer whose state or nonce was tampered with
is refused, and a provider user named like a local account does not take it over.
Screenshots go to ``test-artefacts/oidc/``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest

from pyomero.testing import browser
from pyomero.testing.live import LiveServer, free_port, live_server
from pyomero.testing.oidc import GRACE, Provider, oidc_provider

BUNDLE = browser.REPO / "src/pyomero/webclient/static/webclient/dist/webclient.js"

USER_GROUPS = """
import json
from pyomero.model.models import Experimenter, ExperimenterGroup
users = {u.ome_name: u for u in Experimenter.objects.all()}
grace = users.get("grace")
print(json.dumps({
    "users": sorted(users),
    "grace": None if grace is None else {
        "name": grace.full_name, "email": grace.email, "sso": grace.sso_subject,
        "password": grace.has_usable_password(),
        "groups": sorted(grace.group_maps.values_list("parent__name", flat=True)),
    },
    "levels": {g.name: g.permissions for g in ExperimenterGroup.objects.all()},
}))
"""


@dataclass(frozen=True)
class Sites:
    server: LiveServer
    provider: Provider


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    browser.require(BUNDLE)
    port = free_port()
    callback = f"http://127.0.0.1:{port}/webclient/login/oidc/callback/"
    with oidc_provider(callback) as provider:
        omerodir = tmp_path_factory.mktemp("oidc") / "omero"
        with live_server(omerodir, provider.settings(), port=port) as server:
            yield Sites(server, provider)


@pytest.fixture
def page(sites: Sites) -> Iterator[Any]:
    with browser.chromium_page() as page:
        yield page


def state(sites: Sites) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(sites.server.python(USER_GROUPS))
    return result


def sign_in_at_provider(page: Any, sites: Sites, login: str, password: str) -> None:
    page.goto(sites.server.url("/webclient/login/"))
    page.get_by_role("link", name="Sign in with Example University").click()
    page.wait_for_url(f"{sites.provider.url}/accounts/login/**")
    page.get_by_label("University ID").fill(login)
    page.get_by_label("University password").fill(password)
    page.get_by_role("button", name="Log in to Example University").click()


def tamper(page: Any, sites: Sites, change: Callable[[dict[str, str]], None]) -> None:
    """Rewrite the query of pyomero's redirect to the provider (as an attacker would
    hand the browser a link of their own)."""

    def handle(route: Any) -> None:
        response = route.fetch(max_redirects=0)
        parts = urlsplit(response.headers["location"])
        query = dict(parse_qsl(parts.query))
        change(query)
        location = urlunsplit(parts._replace(query=urlencode(query)))
        route.fulfill(response=response, headers={**response.headers, "location": location})

    page.route(sites.server.url("/webclient/login/oidc/"), handle)


def test_it_signs_a_user_in_through_the_provider(page: Any, sites: Sites) -> None:
    from playwright.sync_api import expect

    sign_in_at_provider(page, sites, GRACE["login"], GRACE["password"])
    page.wait_for_url(sites.server.url("/webclient/**"))
    expect(page.get_by_text("Signed in as")).to_contain_text("grace")
    browser.screenshot(page, "oidc", "01-webclient", full_page=True)
    grace = state(sites)["grace"]
    assert grace["name"] == "Grace Hopper" and grace["email"] == "grace@example.org"
    assert grace["sso"].startswith(sites.provider.issuer + " ")
    assert not grace["password"]
    assert {"cell-lab", "navy-lab"} <= set(grace["groups"])
    assert state(sites)["levels"]["navy-lab"] == "rw----"

    # signing in again finds the same user
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/webclient/login/**")
    page.get_by_role("link", name="Sign in with Example University").click()
    page.wait_for_url(sites.server.url("/webclient/**"))  # the provider remembers her
    assert state(sites)["users"].count("grace") == 1


def test_it_refuses_an_answer_whose_state_was_changed(page: Any, sites: Sites) -> None:
    from playwright.sync_api import expect

    tamper(page, sites, lambda query: query.update(state="forged-state-value"))
    sign_in_at_provider(page, sites, GRACE["login"], GRACE["password"])
    page.wait_for_url(sites.server.url("/webclient/login/oidc/callback/**"))
    expect(page.get_by_role("alert")).to_contain_text("does not match")
    browser.screenshot(page, "oidc", "02-forged-state")
    page.goto(sites.server.url("/webclient/"))
    page.wait_for_url("**/webclient/login/**")


def test_it_refuses_an_id_token_whose_nonce_was_changed(page: Any, sites: Sites) -> None:
    from playwright.sync_api import expect

    tamper(page, sites, lambda query: query.update(nonce="forged-nonce-value"))
    sign_in_at_provider(page, sites, GRACE["login"], GRACE["password"])
    page.wait_for_url(sites.server.url("/webclient/login/oidc/callback/**"))
    expect(page.get_by_role("alert")).to_contain_text("identity token is not valid")
    page.goto(sites.server.url("/webclient/"))
    page.wait_for_url("**/webclient/login/**")


def test_it_does_not_let_a_provider_user_take_over_a_local_account(page: Any, sites: Sites) -> None:
    from playwright.sync_api import expect

    sign_in_at_provider(page, sites, "root", "root-at-provider")
    page.wait_for_url(sites.server.url("/webclient/login/oidc/callback/**"))
    expect(page.get_by_role("alert")).to_contain_text("an OMERO account named root exists")
    page.goto(sites.server.url("/webclient/"))
    page.wait_for_url("**/webclient/login/**")


def test_it_keeps_the_password_form_beside_the_button(page: Any, sites: Sites) -> None:
    from playwright.sync_api import expect

    from pyomero.testing.live import ROOT_PASSWORD

    page.goto(sites.server.url("/webclient/login/"))
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill(ROOT_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text("Signed in as")).to_contain_text("root")
