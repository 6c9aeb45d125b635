"""Every change ``omero config`` makes, validated, each in one locked transaction.

A change that fails validation raises before anything is written, so the
config file is left byte for byte as it was.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from pyomero.conf.errors import ConfigListError, ConfigValueError, DuplicatePropertyError
from pyomero.conf.registry import REGISTRY, check_name, validate
from pyomero.conf.store import ConfigStore

JSON_ITEM_FORM = "a JSON value (quote strings, e.g. '\"name\"')"


def set_value(store: ConfigStore, name: str, value: str) -> None:
    """Store ``value`` for ``name`` after checking both."""
    validate(name, value)
    store.set(name, value)


def unset_value(store: ConfigStore, name: str) -> bool:
    """Remove ``name`` (any name, so that a bad one can be removed); False if it was not set."""
    removed: list[str] = []

    def change(properties: dict[str, str]) -> None:
        if name in properties:
            removed.append(properties.pop(name))

    store.update(change)
    return bool(removed)


def append_value(store: ConfigStore, name: str, item: str, unique: bool = False) -> list[Any]:
    """Append the JSON ``item`` to the JSON list of ``name``; return the new list.

    An unset key starts from its registered default list (or ``[]``), as OMERO
    does. With ``unique``, an item already in the list is not added again.
    """
    check_name(name)
    value = _item(name, item)
    result: list[Any] = []

    def change(properties: dict[str, str]) -> None:
        values = _current_list(properties, name)
        if not (unique and value in values):
            values.append(value)
        _store_list(properties, name, values)
        result.extend(values)

    store.update(change)
    return result


def remove_value(store: ConfigStore, name: str, item: str) -> list[Any]:
    """Remove the JSON ``item`` from the JSON list of ``name``; return the new list."""
    check_name(name)
    value = _item(name, item)
    result: list[Any] = []

    def change(properties: dict[str, str]) -> None:
        if name not in properties and name not in REGISTRY:
            raise ConfigListError(f"property {name} is not defined")
        values = _current_list(properties, name)
        if value not in values:
            raise ConfigListError(f"{item} is not in {name}")
        values.remove(value)
        _store_list(properties, name, values)
        result.extend(values)

    store.update(change)
    return result


def load_properties(
    store: ConfigStore, pairs: Iterable[tuple[str, str]], overwrite: bool = False
) -> dict[str, str]:
    """Set every ``(name, value)`` pair, all or none; return what was loaded.

    Unless ``overwrite``, a pair that would change a value already set is
    refused (OMERO's "duplicate property", silenced with ``load -q``).
    """
    loaded: dict[str, str] = {}
    for name, value in pairs:
        validate(name, value)
        loaded[name] = value

    def change(properties: dict[str, str]) -> None:
        if not overwrite:
            for name, value in loaded.items():
                if name in properties and properties[name] != value:
                    raise DuplicatePropertyError(name, properties[name], value)
        properties.update(loaded)

    store.update(change)
    return loaded


def replace_properties(store: ConfigStore, pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Make ``pairs`` the whole content of the profile (``omero config edit``)."""
    replacement: dict[str, str] = {}
    for name, value in pairs:
        validate(name, value)
        replacement[name] = value

    def change(properties: dict[str, str]) -> None:
        properties.clear()
        properties.update(replacement)

    store.update(change)
    return replacement


def _item(name: str, item: str) -> Any:
    try:
        return json.loads(item)
    except json.JSONDecodeError:
        raise ConfigValueError(name, item, JSON_ITEM_FORM) from None


def _current_list(properties: dict[str, str], name: str) -> list[Any]:
    key = REGISTRY.get(name)
    if name in properties:
        text = properties[name]
    elif key is not None:
        text = key.default
    else:
        return []
    try:
        values = json.loads(text)
    except json.JSONDecodeError:
        raise ConfigListError(f"{name} does not hold JSON: {text[:60]!r}") from None
    if not isinstance(values, list):
        raise ConfigListError(f"{name} is not a list")
    return values


def _store_list(properties: dict[str, str], name: str, values: list[Any]) -> None:
    text = json.dumps(values)
    validate(name, text)
    properties[name] = text
