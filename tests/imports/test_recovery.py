"""An import whose worker died is failed cleanly once it has been silent long enough."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from pyomero.imports import pipeline
from pyomero.imports.recovery import fail_interrupted_imports
from pyomero.model.models import Fileset, FilesetState
from pyomero.testing.samples import Sample

from .conftest import leftovers, only, rows


class Killed(BaseException):
    """Stands for the worker being killed: nothing after it runs."""


def test_it_fails_an_interrupted_import_and_a_retry_succeeds(
    samples: dict[str, Sample], do_import: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def killed(*args: Any, **kwargs: Any) -> None:
        raise Killed

    monkeypatch.setattr(pipeline, "_undo", lambda run, error: None)  # a kill undoes nothing
    monkeypatch.setattr(pipeline, "write_pyramid", killed)
    with pytest.raises(Killed):
        do_import(samples["ome-tiff"].path)
    monkeypatch.undo()
    fileset = Fileset.objects.get()
    assert fileset.state == FilesetState.IMPORTING
    assert rows()["Image"] == 1  # listed, its pixels "writing"

    assert fail_interrupted_imports(data_dir, timedelta(minutes=10)) == []  # not silent yet
    assert fail_interrupted_imports(data_dir, timedelta(0)) == [fileset.pk]
    fileset.refresh_from_db()
    assert (fileset.state, fileset.error) == (
        FilesetState.FAILED,
        "the import was interrupted (its worker stopped)",
    )
    assert rows() == {"Image": 0, "Pixels": 0, "OriginalFile": 0}
    assert leftovers(data_dir) == []
    only(do_import(samples["ome-tiff"].path))


def test_a_keyboard_interrupt_cleans_up_and_stops(
    samples: dict[str, Sample], do_import: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "write_pyramid", interrupted)
    with pytest.raises(KeyboardInterrupt):
        do_import(samples["ome-tiff"].path)
    assert Fileset.objects.get().state == FilesetState.FAILED
    assert leftovers(data_dir) == []
