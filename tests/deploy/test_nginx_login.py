"""Through real nginx at the root of the site: sign in, and static files from nginx."""

from __future__ import annotations

import pytest

from .conftest import Deploy, Deployment


@pytest.fixture(scope="module")
def site(deploy: Deploy) -> Deployment:
    return deploy()


def test_it_sends_anonymous_users_to_the_login_page(site: Deployment) -> None:
    response = site.browser().get("/webclient/")
    assert response.status == 302
    assert response.header("Location") == "/webclient/login/?url=/webclient/"


def test_it_signs_in_through_nginx_and_shows_the_user(site: Deployment) -> None:
    browser = site.browser()
    signed_in = browser.log_in("/webclient/login/?url=/webclient/")
    assert signed_in.status == 302, signed_in.text[:500]
    assert signed_in.header("Location") == "/webclient/"
    home = browser.get("/webclient/")
    assert home.status == 200
    assert "Signed in as <strong>root</strong>" in home.text


def test_it_serves_static_files_from_static_root_without_gunicorn(site: Deployment) -> None:
    response = site.browser().get("/static/web/css/pyomero.css")
    assert response.status == 200
    assert response.header("Content-Type") == "text/css"
    collected = site.var / "static" / "web" / "css" / "pyomero.css"
    assert response.body == collected.read_bytes()
    assert "/static/" not in site.log("OMEROweb.access.log")
    assert "GET /static/web/css/pyomero.css" in site.log("nginx_access.log")
