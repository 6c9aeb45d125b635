"""``omero web syncmedia``: collect static files, as ``omero web start`` does first."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pyomero.cli import web

if TYPE_CHECKING:
    from .conftest import Omero


def test_it_collects_static_files_into_static_root(omero: Omero, omerodir: Path) -> None:
    target = omerodir / "static-files"
    assert omero("config", "set", "omero.web.static_root", str(target)).code == 0
    result = omero("web", "syncmedia")
    assert result.code == 0, result.err
    assert f"copied to '{target}'" in result.out
    assert (target / "web").is_dir()


def test_it_leaves_unchanged_files_alone(omero: Omero) -> None:
    assert omero("web", "syncmedia").code == 0
    again = omero("web", "syncmedia")
    assert again.code == 0
    assert "0 static files copied" in again.out
    assert "unmodified" in again.out


def test_it_fails_in_one_line(omero: Omero, omerodir: Path) -> None:
    (omerodir / "taken").write_text("a file, not a directory")
    assert omero("config", "set", "omero.web.static_root", str(omerodir / "taken")).code == 0
    result = omero("web", "syncmedia")
    assert result.code == web.COMMAND_FAILED
    assert result.err.startswith(f"omero web: cannot collect static files into {omerodir}/taken: ")
    assert result.err.count("\n") == 1
