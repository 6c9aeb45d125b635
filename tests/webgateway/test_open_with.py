"""``open_with/``: the "Open with" viewers of ``omero.web.open_with``."""

from __future__ import annotations

import json

from django.test import Client
from tests.webgateway.helpers import url
from tests.webgateway.originals import configure


def test_it_lists_the_default_viewer(owner: Client) -> None:
    response = owner.get(url("open_with_options"))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    (viewer,) = response.json()["open_with_options"]
    assert viewer["id"] == "Image viewer" and viewer["supported_objects"] == ["image"]
    assert viewer["script_url"].endswith("webclient/javascript/ome.openwith_viewer.js")


def test_it_resolves_url_names_and_keeps_other_urls(owner: Client, settings) -> None:
    viewers = [
        ["iviewer", "webgateway:open_with_options", {"label": "OMERO.iviewer"}],
        ["vizarr", "https://example.org/vizarr/", {"script_url": "https://example.org/v.js"}],
        ["broken"],
    ]
    configure(settings, **{"omero.web.open_with": json.dumps(viewers)})
    found = owner.get(url("open_with_options")).json()["open_with_options"]
    assert found == [
        {"id": "iviewer", "url": url("open_with_options"), "label": "OMERO.iviewer"},
        {
            "id": "vizarr",
            "url": "https://example.org/vizarr/",
            "script_url": "https://example.org/v.js",
        },
    ]


def test_it_sends_anonymous_visitors_to_the_login_page() -> None:
    response = Client().get(url("open_with_options"))
    assert response.status_code == 302 and "/login/" in response["Location"]
