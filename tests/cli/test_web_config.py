"""``omero web config TYPE``: the parser; the generators have tests of their own."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pyomero.cli import webconfig
from pyomero.cli.main import main
from pyomero.cli.webconfig import Options
from pyomero.conf import Config

if TYPE_CHECKING:
    from .conftest import Omero

calls: list[tuple[Config, Options]] = []


def _fake(config: Config, options: Options) -> str:
    calls.append((config, options))
    return f"server {{ listen {options.http}; }}"


@pytest.fixture
def fake_generators(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Config, Options]]:
    calls.clear()
    monkeypatch.setattr(webconfig, "generators", lambda: {"fake": _fake, "other": _fake})
    return calls


def test_it_prints_what_the_generator_makes(
    omero: Omero, omerodir: Path, fake_generators: list[tuple[Config, Options]]
) -> None:
    result = omero(
        "web", "config", "fake", "--http", "8080", "--servername", "example.org",
        "--max-body-size", "10m",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert result.out == "server { listen 8080; }\n"
    config, options = fake_generators[0]
    assert options == Options(http=8080, servername="example.org", max_body_size="10m")
    assert config.omerodir == omerodir


def test_it_leaves_unset_options_to_the_generator(
    omero: Omero, fake_generators: list[tuple[Config, Options]]
) -> None:
    assert omero("web", "config", "fake").code == 0
    assert fake_generators[0][1] == Options()


def test_it_refuses_an_unknown_type(
    omero: Omero,
    fake_generators: list[tuple[Config, Options]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["web", "config", "iis"])
    assert "invalid choice: 'iis' (choose from 'fake', 'other')" in capsys.readouterr().err


def test_its_help_lists_the_types(
    omerodir: Path,
    fake_generators: list[tuple[Config, Options]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["web", "config", "-h"])
    assert "fake, other" in capsys.readouterr().out


def test_it_says_when_a_generator_module_is_missing(
    omero: Omero, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyomero.cli.webconfig.nginx", None)
    monkeypatch.delattr(webconfig, "nginx", raising=False)
    result = omero("web", "config", "nginx")
    assert result.code == 1
    assert result.err.startswith("omero web: cannot load the configuration generators: ")
    assert result.err.count("\n") == 1


def test_it_turns_a_generator_value_error_into_one_line(
    omero: Omero, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(config: Config, options: Options) -> str:
        raise ValueError("omero.web.prefix '/a b' cannot be used in an nginx location")

    monkeypatch.setattr(webconfig, "generators", lambda: {"nginx": refuse})
    result = omero("web", "config", "nginx")
    assert result.code == 13
    assert result.err == (
        "omero web: omero.web.prefix '/a b' cannot be used in an nginx location\n"
    )
