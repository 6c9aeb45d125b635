"""``omero config append KEY JSON``: add to a JSON list, from the default when unset."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from pyomero.conf import REGISTRY

if TYPE_CHECKING:
    from .conftest import Omero


def test_it_appends_to_the_default_list_when_unset(omero: Omero) -> None:
    item = '["Figure", "figure_index", {"title": "Make figures"}]'
    assert omero("config", "append", "omero.web.ui.top_links", item).code == 0
    stored = json.loads(omero("config", "get", "omero.web.ui.top_links").out)
    default = json.loads(REGISTRY["omero.web.ui.top_links"].default)
    assert stored == [*default, json.loads(item)]


def test_it_appends_to_a_value_already_set(omero: Omero) -> None:
    omero("config", "set", "omero.web.apps", '["omero_iviewer"]')
    omero("config", "append", "omero.web.apps", '"omero_figure"')
    assert omero("config", "get", "omero.web.apps").out == '["omero_iviewer", "omero_figure"]\n'


def test_it_does_not_append_twice_with_set(omero: Omero) -> None:
    omero("config", "append", "--set", "omero.web.apps", '"omero_figure"')
    omero("config", "append", "--set", "omero.web.apps", '"omero_figure"')
    assert omero("config", "get", "omero.web.apps").out == '["omero_figure"]\n'


def test_it_refuses_an_item_that_is_not_json_and_leaves_the_file(
    omero: Omero, config_xml: Path
) -> None:
    omero("config", "set", "omero.web.apps", '["a"]')
    before = config_xml.read_bytes()
    result = omero("config", "append", "omero.web.apps", "omero_figure")
    assert result.code != 0
    assert "omero.web.apps" in result.err and "a JSON value" in result.err
    assert config_xml.read_bytes() == before
