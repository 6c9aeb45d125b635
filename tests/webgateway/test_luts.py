"""``luts/`` and ``luts_png/``: the lookup tables viewers offer."""

from __future__ import annotations

from django.test import Client
from tests.webgateway.helpers import url

from pyomero.rendering import decode, default_luts


def test_it_lists_the_luts(owner: Client) -> None:
    found = owner.get(url("webgateway_listLuts_json")).json()
    names = [lut["name"] for lut in found["luts"]]
    assert "fire.lut" in names and names == sorted(names, key=str.lower)
    assert found["png_luts_new"][-1] == "gradient.png"


def test_it_draws_the_luts_png_with_an_etag(owner: Client) -> None:
    response = owner.get(url("webgateway_luts_png"))
    assert response["Content-Type"] == "image/png"
    assert decode(response.content).shape == (10 * (len(default_luts()) + 1), 256, 4)
    again = owner.get(url("webgateway_luts_png"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
