"""``omero admin check``: the database against the data directory, read-only; ``--fix``
removes orphans and nothing a row names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pyomero.imports import ImportOptions, run_import
from pyomero.model.models import OriginalFile, Pixels
from pyomero.pixels import synthetic as syn
from pyomero.testing.personas import Personas

from .conftest import Omero
from .import_fixtures import cli_env

__all__ = ["cli_env"]


@pytest.fixture
def imported(cli_env: Personas, tmp_path: Path) -> dict[str, Any]:
    source = tmp_path / "cells.ome.tif"
    syn.write_ome_tiff(source, syn.synthetic_metadata(40, 30, size_c=2))
    (result,) = run_import(cli_env.ctx("owner", cli_env.group), [source], ImportOptions())
    assert result.ok, result.error
    data = tmp_path / "data"
    original = OriginalFile.objects.get(name="cells.ome.tif")
    return {
        "data": data,
        "original": data / "ManagedRepository" / original.path.strip("/") / original.name,
        "pyramid": data / Pixels.objects.get().path,
    }


def test_it_finds_nothing_wrong_after_an_import(omero: Omero, imported: dict[str, Any]) -> None:
    result = omero("admin", "check")
    assert (result.code, result.out) == (0, "0 missing, 0 orphaned\n")


def test_it_lists_missing_and_orphaned_files_and_changes_nothing(
    omero: Omero, imported: dict[str, Any]
) -> None:
    data: Path = imported["data"]
    imported["original"].unlink()  # lost from the repository
    stray = data / "ManagedRepository" / "nobody_9" / "2026-01" / "01" / "x.tif"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"no row names me")
    dead_pyramid = data / "Pixels" / "999.ome.zarr"
    (dead_pyramid / "0").mkdir(parents=True)

    result = omero("admin", "check")

    assert result.code == 1
    assert result.out.splitlines() == [
        f"missing: {imported['original']}",
        f"orphan: {stray}",
        f"orphan: {dead_pyramid}",
        "1 missing, 2 orphaned",
    ]
    assert stray.exists() and dead_pyramid.exists()  # read-only


def test_fix_removes_the_orphans_only(omero: Omero, imported: dict[str, Any]) -> None:
    data: Path = imported["data"]
    stray = data / "ManagedRepository" / "nobody_9" / "2026-01" / "01" / "x.tif"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"no row names me")
    thumbnails = data / "Thumbnails" / "999"
    thumbnails.mkdir(parents=True)

    result = omero("admin", "check", "--fix")

    assert result.code == 0, result.out
    assert result.out.endswith("0 missing, 2 orphaned\nremoved 2 orphan(s)\n")
    assert not stray.exists() and not (data / "ManagedRepository" / "nobody_9").exists()
    assert not thumbnails.exists()
    assert imported["original"].exists() and imported["pyramid"].exists()
    assert omero("admin", "check").out == "0 missing, 0 orphaned\n"
