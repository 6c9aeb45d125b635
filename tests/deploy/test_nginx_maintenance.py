"""`omero web stop` behind nginx: the maintenance page with 503; `omero web start` ends it."""

from __future__ import annotations

import pytest

from pyomero.cli.webconfig.nginx import MAINTENANCE_PAGE

from .conftest import Deploy, Deployment


@pytest.fixture(scope="module")
def site(deploy: Deploy) -> Deployment:
    return deploy(prefix="/omero", static_url="/omero/static/")


def test_it_answers_503_with_the_maintenance_page_while_stopped_and_recovers(
    site: Deployment,
) -> None:
    browser = site.browser()
    assert browser.get("/omero/webclient/login/").status == 200

    site.server.stop()  # omero web stop
    page = browser.get("/omero/webclient/")
    assert page.status == 503
    assert page.body == MAINTENANCE_PAGE.read_bytes()
    assert page.header("Content-Type") == "text/html; charset=utf-8"
    assert page.header("Retry-After") == "60"
    posted = browser.post("/omero/webclient/login/", {"username": "root"})
    assert posted.status == 503
    assert b"Under maintenance" in posted.body
    # Static files do not need gunicorn.
    assert browser.get("/omero/static/web/css/pyomero.css").status == 200
    # The page's location is internal: not a URL of its own.
    assert browser.get("/omero/pyomero-maintenance.html").status == 404

    site.server.start()  # omero web start
    assert browser.get("/omero/webclient/login/").status == 200
    assert browser.log_in("/omero/webclient/login/").status == 302
    assert "Signed in as" in browser.get("/omero/webclient/").text
