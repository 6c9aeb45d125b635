"""Through real nginx under omero.web.prefix=/omero: every URL keeps the prefix.

nginx strips /omero before proxying, so gunicorn sees /webclient/ (as under
mod_wsgi's WSGIScriptAlias), and Django puts the prefix back (FORCE_SCRIPT_NAME).
"""

from __future__ import annotations

import pytest

from .conftest import Deploy, Deployment, login_form


@pytest.fixture(scope="module")
def site(deploy: Deploy) -> Deployment:
    return deploy(prefix="/omero", static_url="/omero/static/")


def test_it_redirects_the_bare_prefix_to_the_webclient(site: Deployment) -> None:
    browser = site.browser()
    bare = browser.get("/omero")
    assert bare.status == 301
    assert bare.header("Location").endswith(f":{site.nginx_port}/omero/")
    root = browser.get("/omero/")
    assert root.status == 302
    assert root.header("Location") == "/omero/webclient/"


def test_it_sends_anonymous_users_to_the_login_page_under_the_prefix(site: Deployment) -> None:
    response = site.browser().get("/omero/webclient/")
    assert response.status == 302
    assert response.header("Location") == "/omero/webclient/login/?url=/omero/webclient/"


def test_it_posts_the_login_form_under_the_prefix(site: Deployment) -> None:
    page = site.browser().get("/omero/webclient/login/?url=/omero/webclient/")
    form = login_form(page.text)
    assert form["action"] == "/omero/webclient/login/"
    assert form["url"] == "/omero/webclient/"
    assert 'href="/omero/static/web/css/pyomero.css"' in page.text


def test_it_signs_in_and_returns_to_the_url_under_the_prefix(site: Deployment) -> None:
    browser = site.browser()
    signed_in = browser.log_in("/omero/webclient/login/?url=/omero/webclient/")
    assert signed_in.status == 302, signed_in.text[:500]
    assert signed_in.header("Location") == "/omero/webclient/"
    home = browser.get("/omero/webclient/")
    assert home.status == 200
    assert "Signed in as <strong>root</strong>" in home.text
    assert 'action="/omero/webclient/logout/"' in home.text


def test_it_signs_out_to_the_login_page_under_the_prefix(site: Deployment) -> None:
    browser = site.browser()
    browser.log_in("/omero/webclient/login/")
    form = login_form(browser.get("/omero/webclient/").text)  # the sign-out form
    assert form["action"] == "/omero/webclient/logout/"
    response = browser.post(form.pop("action"), form, headers={"Origin": browser.origin})
    assert response.status == 302
    assert response.header("Location") == "/omero/webclient/login/"
    assert browser.get("/omero/webclient/").status == 302


def test_gunicorn_sees_the_path_without_the_prefix(site: Deployment) -> None:
    site.browser().get("/omero/webclient/login/")
    access = site.log("OMEROweb.access.log")
    assert '"GET /webclient/login/ HTTP' in access
    assert '"GET /omero' not in access


def test_it_serves_static_files_under_the_prefix_from_nginx(site: Deployment) -> None:
    response = site.browser().get("/omero/static/web/css/pyomero.css")
    assert response.status == 200
    assert response.header("Content-Type") == "text/css"
    assert b"--accent" in response.body
    assert "static" not in site.log("OMEROweb.access.log")


def test_nothing_is_served_outside_the_prefix(site: Deployment) -> None:
    assert site.browser().get("/webclient/login/").status == 404
