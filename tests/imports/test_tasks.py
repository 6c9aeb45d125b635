"""Imports run as background tasks through one seam (huey)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from huey import RedisHuey, SqliteHuey

from pyomero.imports import submit_import, tasks
from pyomero.model.models import Image
from pyomero.testing.samples import Sample


@pytest.fixture
def immediate() -> Iterator[None]:
    tasks.configure("immediate")
    yield
    tasks._queue = None


def test_it_runs_a_submitted_import_as_a_task(
    immediate: None, samples: dict[str, Sample], owner_ctx: Any
) -> None:
    handle = submit_import(owner_ctx, [samples["png"].path])
    (result,) = handle.get()  # type: ignore[attr-defined]
    assert result["error"] is None
    assert Image.objects.filter(pk__in=result["images"]).count() == 1


def test_it_reports_a_failed_task_import(immediate: None, tmp_path: Path, owner_ctx: Any) -> None:
    (tmp_path / "empty.tif").write_bytes(b"")
    handle = submit_import(owner_ctx, [tmp_path / "empty.tif"])
    (result,) = handle.get()  # type: ignore[attr-defined]
    assert result["code"] == "empty_file"


def test_it_builds_a_queue_per_backend(tmp_path: Path) -> None:
    assert isinstance(tasks.build_queue("thread", path=tmp_path / "q.sqlite3"), SqliteHuey)
    assert isinstance(tasks.build_queue("redis", url="redis://127.0.0.1:1/0"), RedisHuey)
    with pytest.raises(ValueError, match="unknown task backend 'celery'"):
        tasks.build_queue("celery")
