"""``omero config remove KEY JSON``: take an item out of a JSON list."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .conftest import Omero


def test_it_removes_an_item(omero: Omero) -> None:
    omero("config", "set", "omero.web.apps", '["a", "b"]')
    assert omero("config", "remove", "omero.web.apps", '"a"').code == 0
    assert omero("config", "get", "omero.web.apps").out == '["b"]\n'


def test_it_removes_from_the_default_list_when_unset(omero: Omero) -> None:
    item = '["History", "history", {"title": "History"}]'
    assert omero("config", "remove", "omero.web.ui.top_links", item).code == 0
    assert "History" not in omero("config", "get", "omero.web.ui.top_links").out


def test_it_refuses_an_item_that_is_not_in_the_list(omero: Omero, config_xml: Path) -> None:
    omero("config", "set", "omero.web.apps", '["a"]')
    before = config_xml.read_bytes()
    result = omero("config", "remove", "omero.web.apps", '"z"')
    assert result.code != 0
    assert result.err == 'omero config: "z" is not in omero.web.apps\n'
    assert config_xml.read_bytes() == before


def test_it_refuses_a_key_that_is_not_set_outside_the_registry(omero: Omero) -> None:
    result = omero("config", "remove", "omero.custom.list", '"a"')
    assert result.code != 0
    assert "omero.custom.list is not defined" in result.err
