"""``omero web -h`` and ``omero web help``: the subcommands and every omero.web.* setting."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pyomero.cli import webconfig
from pyomero.cli.main import main
from pyomero.conf import KEYS

if TYPE_CHECKING:
    from .conftest import Omero

SUBCOMMANDS = ("start", "stop", "restart", "status", "clearsessions", "syncmedia", "config")
WEB_KEYS = [key for key in KEYS if key.name.startswith("omero.web.")]


def _help(capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit:
        main(["web", "-h"])
    assert exit.value.code == 0
    return capsys.readouterr().out


def _row(out: str, name: str) -> str:
    return next(line for line in out.splitlines() if line.split()[:1] == [name])


def test_it_lists_the_subcommands(omerodir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _help(capsys)
    for name in SUBCOMMANDS:
        assert re.search(rf"^    {name}\b", out, re.MULTILINE), name


def test_it_lists_every_web_key_as_default(
    omerodir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _help(capsys)
    for key in WEB_KEYS:
        assert _row(out, key.name).split()[1] == "yes"
    assert _row(out, "omero.web.application_server.port").split()[2] == "4080"


def test_it_shows_a_value_that_was_set(omero: Omero, capsys: pytest.CaptureFixture[str]) -> None:
    assert omero("config", "set", "omero.web.application_server.port", "4999").code == 0
    row = _row(_help(capsys), "omero.web.application_server.port")
    assert row.split()[1:] == ["no", "4999"]


def test_it_masks_secrets(omero: Omero, capsys: pytest.CaptureFixture[str]) -> None:
    assert omero("config", "set", "omero.web.secret_key", "do-not-show-this-key").code == 0
    out = _help(capsys)
    assert "do-not-show-this-key" not in out
    assert _row(out, "omero.web.secret_key").split()[1:] == ["no", "********"]


def test_it_flags_an_invalid_value(
    omero: Omero, omerodir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert omero("config", "set", "omero.web.wsgi_workers", "2").code == 0
    config_xml = omerodir / "etc" / "grid" / "config.xml"
    config_xml.write_text(config_xml.read_text().replace('value="2"', 'value="two"'))
    row = _row(_help(capsys), "omero.web.wsgi_workers")
    assert row.split()[1:3] == ["no", "two"]
    assert "INVALID: expected an integer of at least 1" in row


def test_help_subcommand_prints_the_same(omero: Omero, capsys: pytest.CaptureFixture[str]) -> None:
    expected = _help(capsys)
    result = omero("web", "help")
    assert result.code == 0
    assert result.out == expected


def test_it_works_without_the_config_generators(
    omerodir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "pyomero.cli.webconfig.nginx", None)
    monkeypatch.delattr(webconfig, "nginx", raising=False)
    assert "omero.web.prefix" in _help(capsys)
