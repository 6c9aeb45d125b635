"""``figure/``: OMERO.figure's own page with its start-up constants filled in."""

from __future__ import annotations

import json
import re

from django.test import Client

from pyomero.model.models import Image


def constant(html: str, name: str) -> str:
    found = re.search(rf"const {name} = (.*?);?\n", html)
    assert found, f"{name} is not on the page"
    return found.group(1).rstrip(";")


def test_it_serves_the_figure_page_with_omero_urls_and_the_user(
    figure_installed: None, owner: Client, image: Image
) -> None:
    response = owner.get("/figure/")
    assert response.status_code == 200
    html = response.content.decode()
    assert constant(html, "APP_SERVED_BY_OMERO") == "true"
    assert json.loads(constant(html, "BASE_OMEROWEB_URL")) == "/"
    assert json.loads(constant(html, "APP_ROOT_URL")) == "/figure/"
    assert json.loads(constant(html, "PING_URL")) == "/webclient/keepalive_ping/"
    assert int(constant(html, "USER_ID")) > 0
    units = json.loads(constant(html, "LENGTH_UNITS"))
    assert units["MICROMETER"] == {"symbol": "\u00b5m", "microns": 1.0}
    assert units["NANOMETER"]["microns"] == 0.001
    assert re.search(r'src="/static/omero_figure/assets/index-[\w-]+\.js"', html)
    assert "cdn.jsdelivr.net" not in html
    assert "csrftoken" in response.cookies


def test_it_serves_the_page_for_a_saved_figure_url(figure_installed: None, owner: Client) -> None:
    assert owner.get("/figure/file/12/").status_code == 200
    assert owner.get("/figure/new/").status_code == 200


def test_it_escapes_the_users_name_in_the_page_script(
    figure_installed: None, client_for, personas
) -> None:
    user = personas.owner
    user.first_name = '</script><script>alert("x")'
    user.save(update_fields=["first_name"])
    html = client_for("owner").get("/figure/").content.decode()
    assert "</script><script>alert" not in html


def test_it_says_how_to_install_figure_when_it_is_not_an_app(owner: Client) -> None:
    response = owner.get("/figure/")
    assert response.status_code == 404
    assert b"pip install --no-deps omero-figure" in response.content


def test_it_sends_anonymous_visitors_to_the_login_page(figure_installed: None) -> None:
    response = Client().get("/figure/")
    assert response.status_code == 302
    assert "/webclient/login/" in response["Location"]


def test_it_lets_only_the_figure_page_compile_its_templates(
    figure_installed: None, owner: Client
) -> None:
    response = owner.get("/figure/")
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([\w-]+)'", policy)
    assert nonce and f'<script nonce="{nonce.group(1)}"' in response.content.decode()
    assert "'unsafe-eval'" in policy
    assert "'unsafe-eval'" not in owner.get("/webclient/").get("Content-Security-Policy", "")
