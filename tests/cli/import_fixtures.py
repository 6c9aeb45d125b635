"""Fixtures of the ``omero import`` and ``omero login`` tests: the database with the
personas, a data directory and a session directory of the test's own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pyomero.conf.config import Config
from pyomero.testing.personas import PASSWORD, Personas

__all__ = ["PASSWORD", "cli_env"]


@pytest.fixture
def cli_env(
    personas: Personas, tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> Personas:
    """Personas, ``omero.data.dir`` and ``$OMERO_SESSIONDIR`` under tmp_path."""
    root = settings.OMERO_CONFIG.omerodir
    settings.OMERO_CONFIG = Config({"omero.data.dir": str(tmp_path / "data")}, root)
    monkeypatch.setenv("OMERO_SESSIONDIR", str(tmp_path / "sessions"))
    settings.SESSION_FILE_PATH = str(tmp_path / "server-sessions")
    (tmp_path / "server-sessions").mkdir()
    return personas
