"""The site's 404: a page in the site's style for a browser, JSON for a script."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.parametrize(
    "path", ["/webclient/img_detail/abc/", "/webclient/no-such-page/", "/nowhere"]
)
def test_a_browser_gets_a_page_naming_what_is_missing(client: Client, path: str) -> None:
    response = client.get(path, HTTP_ACCEPT="text/html,application/xhtml+xml")

    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert path in page
    assert "Back to your data" in page


def test_a_script_gets_json(client: Client) -> None:
    response = client.get("/webgateway/no-such-url/", HTTP_ACCEPT="application/json")

    assert response.status_code == 404
    assert response.json() == {"message": "No such page: /webgateway/no-such-url/"}


def test_the_path_is_escaped(client: Client) -> None:
    response = client.get("/webclient/<script>alert(1)</script>/")

    assert response.status_code == 404
    assert b"<script>alert(1)" not in response.content
