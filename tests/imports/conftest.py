"""Fixtures of the import tests: a data directory of their own, the owner's context, the
sample files, and a way to look at what an import left behind."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from pyomero.conf.config import Config
from pyomero.imports import ImportOptions, ImportResult, run_import
from pyomero.model.context import EventContext
from pyomero.model.models import Fileset, Image, OriginalFile, Pixels
from pyomero.testing.personas import Personas
from pyomero.testing.samples import Sample, build_samples


@pytest.fixture(scope="session")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Sample]:
    return build_samples(tmp_path_factory.mktemp("import-samples"))


@pytest.fixture
def data_dir(tmp_path: Path, settings: Any) -> Path:
    """``omero.data.dir`` for this test only (pixel ids restart with each test)."""
    folder = tmp_path / "data"
    root = settings.OMERO_CONFIG.omerodir
    settings.OMERO_CONFIG = Config({"omero.data.dir": str(folder)}, root)
    return folder


@pytest.fixture
def owner_ctx(personas: Personas, data_dir: Path) -> EventContext:
    return personas.ctx("owner", personas.group)


@pytest.fixture
def do_import(owner_ctx: EventContext):  # type: ignore[no-untyped-def]
    """``do_import(paths, **options)`` as the owner: the results."""

    def run(paths: Sequence[Path] | Path, ctx: EventContext | None = None, **options: Any):
        names = [paths] if isinstance(paths, Path) else list(paths)
        return run_import(ctx or owner_ctx, names, ImportOptions(**options))

    return run


def only(results: list[ImportResult]) -> ImportResult:
    assert len(results) == 1, results
    assert results[0].ok, results[0].error
    return results[0]


def leftovers(data_dir: Path) -> list[str]:
    """Every file under the data directory (staging included)."""
    if not data_dir.exists():
        return []
    return sorted(str(p.relative_to(data_dir)) for p in data_dir.rglob("*") if p.is_file())


def rows() -> dict[str, int]:
    return {
        "Image": Image.objects.count(),
        "Pixels": Pixels.objects.count(),
        "OriginalFile": OriginalFile.objects.count(),
    }


def failed_filesets() -> list[Fileset]:
    return list(Fileset.objects.filter(state="failed"))
