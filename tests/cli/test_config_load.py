"""``omero config load FILE...``: KEY=VALUE lines, all or nothing."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .conftest import Omero

PROPERTIES = """\
# OMERO.web behind nginx at /omero
omero.web.prefix=/omero
omero.web.static_url=/omero/static/

omero.web.apps=["omero_iviewer",\\
    "omero_figure"]
omero.ldap.urls=ldaps://ldap.example.org
"""


def test_it_loads_key_value_lines(omero: Omero, tmp_path: Path) -> None:
    source = tmp_path / "web.properties"
    source.write_text(PROPERTIES)
    assert omero("config", "load", str(source)).code == 0
    assert omero("config", "get").out == (
        "omero.ldap.urls=ldaps://ldap.example.org\n"
        'omero.web.apps=["omero_iviewer",    "omero_figure"]\n'
        "omero.web.prefix=/omero\n"
        "omero.web.static_url=/omero/static/\n"
    )


def test_it_reads_standard_input(omero: Omero, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("omero.web.debug=true\n"))
    assert omero("config", "load").code == 0
    assert omero("config", "get", "omero.web.debug").out == "true\n"


def test_it_loads_nothing_when_one_line_is_bad(
    omero: Omero, config_xml: Path, tmp_path: Path
) -> None:
    omero("config", "set", "omero.web.prefix", "/omero")
    before = config_xml.read_bytes()
    source = tmp_path / "bad.properties"
    source.write_text("omero.web.debug=true\nomero.web.wsgi_workers=lots\n")
    result = omero("config", "load", str(source))
    assert result.code != 0
    assert "omero.web.wsgi_workers" in result.err
    assert config_xml.read_bytes() == before


def test_it_refuses_to_change_a_value_already_set_without_q(omero: Omero, tmp_path: Path) -> None:
    omero("config", "set", "omero.web.prefix", "/omero")
    source = tmp_path / "web.properties"
    source.write_text("omero.web.prefix=/other\n")
    result = omero("config", "load", str(source))
    assert result.code != 0 and "duplicate property: omero.web.prefix" in result.err
    assert omero("config", "load", "-q", str(source)).code == 0
    assert omero("config", "get", "omero.web.prefix").out == "/other\n"


def test_it_reports_a_missing_file(omero: Omero, tmp_path: Path) -> None:
    result = omero("config", "load", str(tmp_path / "missing.properties"))
    assert result.code != 0 and "cannot read" in result.err
