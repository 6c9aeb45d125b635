"""``omero config keys``, ``list`` and ``path``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pyomero.conf import REGISTRY

if TYPE_CHECKING:
    from .conftest import Omero


def test_keys_lists_the_keys_set(omero: Omero) -> None:
    omero("config", "set", "omero.web.prefix", "/omero")
    omero("config", "set", "omero.db.name", "omero")
    assert omero("config", "keys").out == "omero.db.name\nomero.web.prefix\n"


def test_keys_all_lists_every_registered_key(omero: Omero) -> None:
    assert omero("config", "keys", "--all").out.split() == sorted(REGISTRY)


def test_list_prints_the_profiles(omero: Omero, monkeypatch: pytest.MonkeyPatch) -> None:
    omero("config", "set", "omero.web.prefix", "/omero")
    monkeypatch.setenv("OMERO_CONFIG", "staging")
    omero("config", "set", "omero.web.prefix", "/staging")
    assert omero("config", "list").out == "default\nstaging\n"


def test_def_prints_and_sets_the_active_profile(omero: Omero) -> None:
    omero("config", "set", "omero.web.prefix", "/omero")
    assert omero("config", "def").out == "default\n"
    omero("config", "def", "staging")
    assert omero("config", "def").out == "staging\n"
    assert omero("config", "get").out == ""


def test_path_prints_the_config_file(omero: Omero, config_xml: Path) -> None:
    assert omero("config", "path").out == f"{config_xml}\n"


def test_source_uses_another_file(omero: Omero, tmp_path: Path) -> None:
    missing = omero("config", "--source", str(tmp_path / "nope.xml"), "get")
    assert missing.code != 0 and "file not found" in missing.err
    other = tmp_path / "other.xml"
    other.write_text("")
    omero("config", "--source", str(other), "set", "omero.web.prefix", "/o")
    assert omero("config", "--source", str(other), "get", "omero.web.prefix").out == "/o\n"
    assert omero("config", "get").out == ""
