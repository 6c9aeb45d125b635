"""Fixtures for the configuration package: an empty server directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyomero.conf.store import ConfigStore


@pytest.fixture
def omerodir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("OMERODIR", str(tmp_path))
    monkeypatch.delenv("OMERO_CONFIG", raising=False)
    return tmp_path


@pytest.fixture
def store(omerodir: Path) -> ConfigStore:
    return ConfigStore(omerodir / "etc" / "grid" / "config.xml")
