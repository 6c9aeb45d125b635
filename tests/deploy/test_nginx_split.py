"""The guide's split set-up: nginx on 127.0.0.1, gunicorn on another address (127.0.0.2)."""

from __future__ import annotations

import socket

import pytest

from .conftest import Deploy, Deployment


@pytest.fixture(scope="module")
def site(deploy: Deploy) -> Deployment:
    return deploy(app_host="127.0.0.2")


def test_gunicorn_listens_on_the_configured_address_only(site: Deployment) -> None:
    port = int(site.omero("config", "get", "omero.web.application_server.port").stdout)
    socket.create_connection(("127.0.0.2", port), timeout=5).close()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    assert f"server 127.0.0.2:{port} fail_timeout=0;" in (site.var / "nginx.conf").read_text()


def test_it_signs_in_through_nginx_on_another_address(site: Deployment) -> None:
    browser = site.browser()
    assert browser.log_in("/webclient/login/").status == 302
    assert "Signed in as <strong>root</strong>" in browser.get("/webclient/").text
