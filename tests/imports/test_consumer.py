"""The task consumer: a stop requeues the running import; one consumer per server;
maintenance runs as a periodic task."""

from __future__ import annotations

import datetime
import os
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from huey import Huey

from pyomero.imports import tasks
from pyomero.imports.consumer import InProcessConsumer
from pyomero.model.models import Fileset, FilesetState, Image, SearchDirty, SearchEntry
from pyomero.testing.factories import make_image
from pyomero.testing.samples import Sample

from .conftest import leftovers, rows


@pytest.fixture
def queue(tmp_path: Path) -> Iterator[Huey]:
    """A ``thread`` backend queue of this test's own, restored afterwards."""
    before = tasks._queue
    huey = tasks.configure("thread", path=tmp_path / "tasks.sqlite3")
    yield huey
    tasks._queue = before
    tasks.stopping.clear()


def run_next(huey: Huey) -> Any:
    """What a consumer's worker thread does with the next queued task."""
    task = huey.dequeue()
    assert task is not None, "the queue is empty"
    return huey.execute(task)


def test_it_queues_an_import_again_when_the_consumer_stops(
    queue: Huey, samples: dict[str, Sample], owner_ctx: Any, data_dir: Path
) -> None:
    handle = tasks.submit_import(owner_ctx, [samples["ome-tiff"].path])
    tasks.stopping.set()  # the server is being stopped while the import runs

    run_next(queue)

    fileset = Fileset.objects.get()  # undone, nothing half-written
    assert (fileset.state, fileset.error) == (
        FilesetState.FAILED,
        f"{samples['ome-tiff'].path}: the server stopped during the import; it runs again later",
    )
    assert rows() == {"Image": 0, "Pixels": 0, "OriginalFile": 0}
    assert leftovers(data_dir) == []
    assert queue.pending_count() == 1 and handle.get() is None  # back in the queue

    tasks.stopping.clear()  # the next start
    run_next(queue)

    (result,) = handle.get()
    assert Image.objects.filter(pk__in=result["images"]).count() == 1


def test_it_runs_maintenance_every_five_minutes(
    queue: Huey, owner_ctx: Any, data_dir: Path, settings: Any, tmp_path: Path
) -> None:
    from pyomero.model.actions.imports import do_start_import

    settings.OMERODIR = str(tmp_path)
    fileset = do_start_import(owner_ctx, template_prefix="owner_1/2026-01/01/00-00-00.000")
    Fileset.objects.filter(pk=fileset.pk).update(updated=timezone.now() - timedelta(hours=1))
    abandoned = data_dir / "Uploads" / ("a" * 32)  # omero.upload.dir's default
    (abandoned / "files").mkdir(parents=True)
    (abandoned / "manifest.json").write_text("{}")
    day_ago = (timezone.now() - timedelta(days=2)).timestamp()
    os.utime(abandoned / "manifest.json", (day_ago, day_ago))
    make_image(owner_ctx, "never searched.tif")  # queued for the search index

    due = queue.read_periodic(datetime.datetime(2026, 1, 1, 12, 5))
    assert [task.name for task in due] == ["pyomero.maintenance"]
    assert queue.read_periodic(datetime.datetime(2026, 1, 1, 12, 6)) == []

    done = queue.execute(due[0])

    assert done.pop("reindexed") > 0
    assert done.pop("analyzed") in (True, False)  # tests/model/test_statistics.py: when
    assert done == {"failed_filesets": [fileset.pk], "removed_uploads": 1}
    assert not SearchDirty.objects.exists()
    assert SearchEntry.objects.filter(name_words__contains="searched").exists()
    fileset.refresh_from_db()
    assert fileset.state == FilesetState.FAILED
    assert not abandoned.exists()


def test_it_stops_its_threads_and_hands_the_queue_over(queue: Huey, tmp_path: Path) -> None:
    lock = tmp_path / "tasks.lock"
    first = InProcessConsumer(queue, lock_path=lock, periodic=False, poll=0.05)
    second = InProcessConsumer(queue, lock_path=lock, periodic=False, poll=0.05)
    first.start()
    assert first.consuming.wait(30)
    second.start()
    assert not second.consuming.wait(0.3)  # one consumer per server directory

    assert first.stop() is True  # every thread of it ended
    assert second.consuming.wait(30)  # the other server worker took over
    assert second.stop() is True


def test_it_reports_an_upload_whose_worker_was_killed_as_failed(
    queue: Huey, owner_ctx: Any, tmp_path: Path
) -> None:
    from pyomero.imports.uploads import import_outcome

    handle = tasks.submit_import(owner_ctx, [tmp_path / "files"])
    queue.dequeue()  # a worker took it, published its progress, and was killed (SIGKILL)
    progress = {"path": str(tmp_path / "files" / "a.tif"), "stage": "pixels", "planes_done": 3}
    queue.put(f"{handle.id}:progress", {**progress, "updated": time.time() - 60})
    assert import_outcome(tmp_path, "upload", handle.id)[0] == "importing"  # still recent

    queue.put(f"{handle.id}:progress", {**progress, "updated": time.time() - 3600})

    status, results, error = import_outcome(tmp_path, "upload", handle.id)
    assert (status, results) == ("failed", [])
    assert error == "the import was interrupted (its worker stopped): upload again"
