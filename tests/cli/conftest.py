"""Fixtures for ``omero config`` tests: a throwaway $OMERODIR and a way to run the command."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from pyomero.cli.main import main


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


Omero = Callable[..., Result]


@pytest.fixture
def omerodir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty server directory, selected by $OMERODIR, with no profile override."""
    monkeypatch.setenv("OMERODIR", str(tmp_path))
    monkeypatch.delenv("OMERO_CONFIG", raising=False)
    return tmp_path


@pytest.fixture
def config_xml(omerodir: Path) -> Path:
    return omerodir / "etc" / "grid" / "config.xml"


@pytest.fixture
def omero(omerodir: Path, capsys: pytest.CaptureFixture[str]) -> Omero:
    """Run ``omero ARGS...`` in-process; return its exit code, stdout and stderr."""

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run
