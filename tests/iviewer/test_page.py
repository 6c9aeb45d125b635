"""``iviewer/``: OMERO.iviewer's own page, and ``omero.web.viewer.view`` choosing it
as the viewer of ``webclient/img_detail/<id>/``."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from importlib.util import find_spec

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import set_script_prefix
from tests.conftest import ClientFor

from pyomero.conf import Config
from pyomero.model.models import Image

IVIEWER_APPS = [*settings.INSTALLED_APPS, "omero_iviewer"]


@pytest.fixture
def iviewer_installed() -> Iterator[None]:
    """``omero_iviewer`` in ``omero.web.apps`` (skipped when the package is missing)."""
    if find_spec("omero_iviewer") is None:
        reason = "omero-iviewer is not installed (pip install --no-deps omero-iviewer)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {reason}")
        pytest.skip(reason)
    with override_settings(INSTALLED_APPS=IVIEWER_APPS):
        yield


def start_params(html: str) -> dict[str, str]:
    """``window.INITIAL_REQUEST_PARAMS`` as the page sets them."""
    found = re.findall(r"INITIAL_REQUEST_PARAMS\['(\w+)'\] = \"([^\"]*)\"", html)
    return dict(found)


def test_it_serves_the_iviewer_page_with_its_start_parameters(
    iviewer_installed: None, owner: Client, image: Image
) -> None:
    response = owner.get(f"/iviewer/?images={image.pk}&z=2")
    assert response.status_code == 200
    html = response.content.decode()
    params = start_params(html)
    assert params["IMAGES"] == str(image.pk)
    assert params["Z"] == "2"
    assert params["WEBGATEWAY"] == "/webgateway/"
    assert params["WEBCLIENT"] == "/webclient/"
    assert params["WEB_API_BASE"] == "/api/v0/"
    assert params["INTERPOLATE"] == "True"
    assert params["ROI_PAGE_SIZE"] == "500"
    assert int(params["MAX_PROJECTION_BYTES"]) > 0
    assert re.search(r'src="/static/omero_iviewer/main\.js\?_iviewer-[\d.]+"', html)
    assert "csrftoken" in response.cookies


def test_it_says_how_to_install_iviewer_when_it_is_not_an_app(owner: Client) -> None:
    response = owner.get("/iviewer/?images=1")
    assert response.status_code == 404
    assert b"pip install --no-deps omero-iviewer" in response.content


def test_it_sends_anonymous_visitors_to_the_login_page(iviewer_installed: None) -> None:
    response = Client().get("/iviewer/?images=1")
    assert response.status_code == 302
    assert "/webclient/login/" in response["Location"]


def test_it_opens_img_detail_in_the_configured_viewer(
    iviewer_installed: None, owner: Client, image: Image
) -> None:
    default = owner.get(f"/webclient/img_detail/{image.pk}/")
    assert default.status_code == 200
    assert "INITIAL_REQUEST_PARAMS" not in default.content.decode()
    config = Config(
        {"omero.web.viewer.view": "omero_iviewer.views.index"}, settings.OMERO_CONFIG.omerodir
    )
    with override_settings(OMERO_CONFIG=config):
        chosen = owner.get(f"/webclient/img_detail/{image.pk}/")
    assert chosen.status_code == 200
    assert start_params(chosen.content.decode())["IMAGES"] == str(image.pk)


def test_it_answers_404_for_an_image_the_user_may_not_see(
    iviewer_installed: None, client_for: ClientFor, image: Image
) -> None:
    outsider = client_for("outsider")
    assert outsider.get(f"/iviewer/?images={image.pk}").status_code == 404
    config = Config(
        {"omero.web.viewer.view": "omero_iviewer.views.index"}, settings.OMERO_CONFIG.omerodir
    )
    with override_settings(OMERO_CONFIG=config):
        assert outsider.get(f"/webclient/img_detail/{image.pk}/").status_code == 404


def test_it_gives_the_prefixed_urls_under_a_prefix(
    iviewer_installed: None, owner: Client, image: Image
) -> None:
    # The WSGI handler sets the script prefix from FORCE_SCRIPT_NAME; the test client not.
    set_script_prefix("/omero/")
    try:
        with override_settings(FORCE_SCRIPT_NAME="/omero"):
            params = start_params(owner.get(f"/iviewer/?images={image.pk}").content.decode())
    finally:
        set_script_prefix("/")
    assert params["URI_PREFIX"] == "/omero"
    assert params["WEBGATEWAY"] == "/omero/webgateway/"
    assert params["WEBCLIENT"] == "/omero/webclient/"
    assert params["WEB_API_BASE"] == "/omero/api/v0/"
