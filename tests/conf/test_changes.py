"""Changes made by ``omero config``: validated first, all or nothing."""

from __future__ import annotations

import json

import pytest

from pyomero.conf.changes import (
    append_value,
    load_properties,
    remove_value,
    replace_properties,
    set_value,
    unset_value,
)
from pyomero.conf.errors import (
    ConfigListError,
    ConfigValueError,
    DuplicatePropertyError,
    UnknownKeyError,
)
from pyomero.conf.registry import REGISTRY
from pyomero.conf.store import ConfigStore


def test_it_appends_to_the_default_list_of_an_unset_key(store: ConfigStore) -> None:
    links = append_value(store, "omero.web.ui.top_links", '["Figure", "figure_index"]')
    default = json.loads(REGISTRY["omero.web.ui.top_links"].default)
    assert links == [*default, ["Figure", "figure_index"]]
    assert json.loads(store.read()["omero.web.ui.top_links"]) == links


def test_it_appends_once_with_unique(store: ConfigStore) -> None:
    append_value(store, "omero.web.apps", '"a"', unique=True)
    assert append_value(store, "omero.web.apps", '"a"', unique=True) == ["a"]
    assert append_value(store, "omero.web.apps", '"a"') == ["a", "a"]


def test_it_starts_an_unregistered_list_empty(store: ConfigStore) -> None:
    assert append_value(store, "omero.custom.list", "1") == [1]


def test_it_refuses_an_item_the_key_cannot_hold(store: ConfigStore) -> None:
    with pytest.raises(ConfigValueError, match=r"omero\.web\.apps"):
        append_value(store, "omero.web.apps", "42")
    with pytest.raises(ConfigValueError, match="a JSON value"):
        append_value(store, "omero.web.apps", "not json")
    assert store.read() == {}


def test_it_removes_from_the_default_list_of_an_unset_key(store: ConfigStore) -> None:
    remaining = remove_value(
        store,
        "omero.web.open_with",
        json.dumps(json.loads(REGISTRY["omero.web.open_with"].default)[0]),
    )
    assert remaining == []
    assert store.read()["omero.web.open_with"] == "[]"


def test_it_refuses_to_remove_what_is_not_there(store: ConfigStore) -> None:
    with pytest.raises(ConfigListError, match=r"is not in omero\.web\.apps"):
        remove_value(store, "omero.web.apps", '"missing"')
    with pytest.raises(ConfigListError, match="not defined"):
        remove_value(store, "omero.custom.list", '"x"')


def test_it_refuses_list_operations_on_a_value_that_is_not_a_list(store: ConfigStore) -> None:
    store.set("omero.custom.value", '{"a": 1}')
    with pytest.raises(ConfigListError, match="is not a list"):
        append_value(store, "omero.custom.value", "1")


def test_it_loads_all_or_nothing(store: ConfigStore) -> None:
    with pytest.raises(ConfigValueError):
        load_properties(store, [("omero.web.prefix", "/omero"), ("omero.web.debug", "maybe")])
    assert store.read() == {}


def test_it_refuses_to_load_over_a_different_value_unless_told(store: ConfigStore) -> None:
    set_value(store, "omero.web.prefix", "/omero")
    load_properties(store, [("omero.web.prefix", "/omero")])
    with pytest.raises(DuplicatePropertyError, match=r"omero\.web\.prefix"):
        load_properties(store, [("omero.web.prefix", "/other")])
    load_properties(store, [("omero.web.prefix", "/other")], overwrite=True)
    assert store.read() == {"omero.web.prefix": "/other"}


def test_it_replaces_the_whole_profile(store: ConfigStore) -> None:
    set_value(store, "omero.web.prefix", "/omero")
    replace_properties(store, [("omero.web.debug", "true")])
    assert store.read() == {"omero.web.debug": "true"}


def test_it_removes_even_a_key_it_would_refuse_to_set(store: ConfigStore) -> None:
    store.set("omero.web.prefx", "/typo")  # e.g. written by an older tool
    with pytest.raises(UnknownKeyError):
        set_value(store, "omero.web.prefx", "/typo")
    assert unset_value(store, "omero.web.prefx")
    assert not unset_value(store, "omero.web.prefx")
