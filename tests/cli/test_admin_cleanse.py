"""``omero admin cleanse``: interrupted imports failed, abandoned uploads removed."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone

from pyomero.conf.config import Config
from pyomero.model.actions.imports import do_start_import
from pyomero.model.models import Fileset, FilesetState, SearchDirty
from pyomero.testing.factories import make_image
from pyomero.testing.personas import Personas

from .conftest import Omero
from .import_fixtures import cli_env

__all__ = ["cli_env"]


def importing(personas: Personas, silent_for: timedelta) -> Fileset:
    ctx = personas.ctx("owner", personas.group)
    fileset = do_start_import(ctx, template_prefix="owner_2/2026-01/01/00-00-00.000")
    Fileset.objects.filter(pk=fileset.pk).update(updated=timezone.now() - silent_for)
    return fileset


def upload_dir(settings: Any, tmp_path: Path) -> Path:
    """``omero.upload.dir`` of this test only."""
    root = tmp_path / "uploads"
    config = settings.OMERO_CONFIG
    settings.OMERO_CONFIG = Config(
        {**config.stored, "omero.upload.dir": str(root)}, config.omerodir
    )
    return root


def upload(root: Path, name: str, age: timedelta) -> Path:
    folder = root / name
    (folder / "files").mkdir(parents=True)
    (folder / "manifest.json").write_text("{}")
    stamp = time.time() - age.total_seconds()
    os.utime(folder / "manifest.json", (stamp, stamp))
    return folder


def test_it_fails_interrupted_imports_and_removes_abandoned_uploads(
    omero: Omero, cli_env: Personas, settings: Any, tmp_path: Path
) -> None:
    uploads = upload_dir(settings, tmp_path)
    dead = importing(cli_env, silent_for=timedelta(hours=1))
    running = importing(cli_env, silent_for=timedelta(seconds=5))
    abandoned = upload(uploads, "a" * 32, age=timedelta(days=2))
    sending = upload(uploads, "b" * 32, age=timedelta(minutes=1))
    make_image(cli_env.ctx("owner", cli_env.group), "never searched.tif")

    result = omero("admin", "cleanse")

    assert result.code == 0, result.err
    failed, removed, indexed, analyzed = result.out.splitlines()
    assert failed == f"Interrupted imports marked failed: Fileset:{dead.pk}"
    assert removed == "Abandoned uploads removed: 1"
    assert indexed.startswith("Search updates indexed: ") and indexed != "Search updates indexed: 0"
    assert not SearchDirty.objects.exists()  # the next search has nothing to catch up on
    assert analyzed.startswith("Database statistics refreshed: ")
    assert Fileset.objects.get(pk=dead.pk).state == FilesetState.FAILED
    assert Fileset.objects.get(pk=running.pk).state == FilesetState.IMPORTING
    assert not abandoned.exists() and sending.exists()


def test_it_takes_the_idle_time_and_upload_age(
    omero: Omero, cli_env: Personas, settings: Any, tmp_path: Path
) -> None:
    importing(cli_env, silent_for=timedelta(hours=1))
    upload(upload_dir(settings, tmp_path), "a" * 32, age=timedelta(days=2))

    result = omero("admin", "cleanse", "--idle", "120", "--upload-age", "72")

    assert result.out.startswith(
        "Interrupted imports marked failed: none\nAbandoned uploads removed: 0\n"
        "Search updates indexed: 0\nDatabase statistics refreshed: "
    )
    assert omero("admin", "cleanse", "--idle", "-1").code == 1
