"""``omero config set KEY [VALUE]``: store, remove, and refuse bad input untouched."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .conftest import Omero


def test_it_sets_a_value_that_get_prints(omero: Omero, config_xml: Path) -> None:
    assert omero("config", "set", "omero.web.prefix", "/omero").code == 0
    assert omero("config", "get", "omero.web.prefix").out == "/omero\n"


def test_it_writes_omeros_config_xml(omero: Omero, config_xml: Path) -> None:
    omero("config", "set", "omero.web.prefix", "/omero")
    root = ET.parse(config_xml).getroot()
    assert root.tag == "icegrid"
    assert [(b.tag, b.get("id")) for b in root] == [
        ("properties", "__ACTIVE__"),
        ("properties", "default"),
        ("include", None),
    ]
    active, default = root.findall("properties")
    assert [(p.get("name"), p.get("value")) for p in active] == [
        ("omero.config.profile", "default"),
        ("omero.config.version", "5.1.0"),
        ("omero.web.prefix", "/omero"),
    ]
    assert [(p.get("name"), p.get("value")) for p in default] == [
        ("omero.config.version", "5.1.0"),
        ("omero.web.prefix", "/omero"),
    ]


def test_it_removes_a_key_when_the_value_is_omitted(omero: Omero) -> None:
    omero("config", "set", "omero.web.prefix", "/omero")
    assert omero("config", "set", "omero.web.prefix").code == 0
    assert omero("config", "get").out == ""


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("omero.web.debug", "maybe", "a boolean"),
        ("omero.web.application_server.port", "abc", "an integer from 1 to 65535"),
        ("omero.web.caches", "{not json", "a JSON object"),
        ("omero.web.static_url", "/static", "ending in a slash"),
        ("omero.web.session_cookie_samesite", "sometimes", "one of Lax, Strict, None"),
        ("omero.db.engine", "mysql", "one of sqlite, postgresql"),
        ("omero.web.apps", '"not a list"', "a JSON list"),
    ],
)
def test_it_refuses_a_value_that_does_not_parse_and_leaves_the_file_untouched(
    omero: Omero, config_xml: Path, key: str, value: str, expected: str
) -> None:
    omero("config", "set", "omero.web.prefix", "/omero")
    before = config_xml.read_bytes()
    result = omero("config", "set", key, value)
    assert result.code != 0
    assert result.err.count("\n") == 1
    assert key in result.err and expected in result.err
    assert config_xml.read_bytes() == before


def test_it_refuses_a_misspelt_key_with_a_hint(omero: Omero, config_xml: Path) -> None:
    result = omero("config", "set", "omero.web.sesion_cookie_age", "60")
    assert result.code != 0
    assert "did you mean omero.web.session_cookie_age?" in result.err
    assert not config_xml.exists()


def test_it_stores_keys_of_other_namespaces_as_free_strings(omero: Omero) -> None:
    assert omero("config", "set", "omero.ldap.urls", "ldaps://ldap.example.org").code == 0
    assert omero("config", "get", "omero.ldap.urls").out == "ldaps://ldap.example.org\n"


def test_it_refuses_an_equals_sign_in_the_key(omero: Omero) -> None:
    result = omero("config", "set", "omero.web.prefix=/omero")
    assert result.code != 0
    assert 'did you mean "omero config set omero.web.prefix /omero"?' in result.err


def test_it_reads_the_value_from_a_file(omero: Omero, tmp_path: Path) -> None:
    source = tmp_path / "links.json"
    source.write_text('[["Figure", "figure_index"]]\n\n')
    assert omero("config", "set", "-f", str(source), "omero.web.ui.top_links").code == 0
    assert omero("config", "get", "omero.web.ui.top_links").out == '[["Figure", "figure_index"]]\n'


def test_it_reports_changes_when_asked(omero: Omero) -> None:
    result = omero("config", "set", "--report", "omero.web.debug", "true")
    assert result.out == "Changed: Set omero.web.debug:true\n"
