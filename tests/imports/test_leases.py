"""At-least-once imports: a dead worker's task is queued again (or failed) by the reaper,
with everything its run half wrote removed; maintenance runs once per round on Redis."""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from huey import Huey, RedisHuey

from pyomero.imports import leases, pipeline, tasks
from pyomero.imports.uploads import import_outcome
from pyomero.model.models import Fileset, FilesetState, Image
from pyomero.pixels import Location
from pyomero.testing.samples import Sample
from pyomero.testing.services import REDIS_URL, unavailable, unique_prefix

from .conftest import leftovers, rows


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs in the worker."""


@pytest.fixture
def queue(tmp_path: Path) -> Iterator[Huey]:
    before = tasks._queue
    huey = tasks.configure("thread", path=tmp_path / "tasks.sqlite3")
    yield huey
    tasks._queue = before
    leases._held.clear()
    leases._lost.clear()


def die_in_pixels(monkeypatch: pytest.MonkeyPatch) -> None:
    """The next import's worker dies while writing a pyramid: a staging store half
    written, nothing undone, its lease left as it was."""

    def killed(series: Any, location: Location, *args: Any, **kwargs: Any) -> None:
        staging = location.staging()
        staging.io().put("0/0/0/0/0", b"half a chunk")
        raise Killed

    monkeypatch.setattr(pipeline, "write_pyramid", killed)
    monkeypatch.setattr(pipeline, "_undo", lambda run, error: None)
    monkeypatch.setattr(leases, "release", lambda *args, **kwargs: None)


def run_and_die(huey: Huey, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patch:
        die_in_pixels(patch)
        task = huey.dequeue()
        with pytest.raises(Killed):
            huey.execute(task)
    leases._held.clear()  # the process is gone: nobody renews its lease


def test_it_queues_a_dead_workers_import_again_and_cleans_its_run(
    queue: Huey,
    samples: dict[str, Sample],
    owner_ctx: Any,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    handle = tasks.submit_import(owner_ctx, [samples["ome-tiff"].path])
    run_and_die(queue, monkeypatch)
    assert Fileset.objects.get().state == FilesetState.IMPORTING
    assert any(".pyomero-partial-" in name for name in leftovers(data_dir))

    assert leases.reap(queue, tasks.clean_filesets) == leases.Reaped()  # lease still fresh
    reaped = leases.reap(queue, tasks.clean_filesets, now=time.time() + leases.LEASE_TTL + 1)

    assert reaped.requeued == (handle.id,)
    fileset = Fileset.objects.get()
    assert (fileset.state, fileset.error) == (FilesetState.FAILED, leases.INTERRUPTED)
    assert rows() == {"Image": 0, "Pixels": 0, "OriginalFile": 0}
    assert leftovers(data_dir) == []  # no pyramid, no staging store, no staged original
    assert queue.pending_count() == 1
    assert leases.attempt_of(queue, handle.id) == 2

    queue.execute(queue.dequeue())  # another worker runs it: same task, same handle

    (result,) = handle.get()
    assert Image.objects.filter(pk__in=result["images"]).count() == 1
    assert leases.leases(queue) == []


def test_it_fails_a_task_whose_workers_died_three_times(
    queue: Huey,
    samples: dict[str, Sample],
    owner_ctx: Any,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    handle = tasks.submit_import(owner_ctx, [samples["ome-tiff"].path])
    later = time.time() + leases.LEASE_TTL + 1
    for _ in range(leases.MAX_ATTEMPTS - 1):
        run_and_die(queue, monkeypatch)
        assert leases.reap(queue, tasks.clean_filesets, now=later).requeued == (handle.id,)
    run_and_die(queue, monkeypatch)

    reaped = leases.reap(queue, tasks.clean_filesets, now=later)

    assert reaped.failed == (handle.id,)
    assert queue.pending_count() == 0
    assert {f.state for f in Fileset.objects.all()} == {FilesetState.FAILED}
    assert leftovers(data_dir) == []
    status, _, error = import_outcome(tmp_path, "upload", handle.id)
    assert status == "failed"
    assert error == f"{leases.INTERRUPTED} 3 times; it was not queued again"


def test_a_live_workers_lease_is_renewed_and_left_alone(queue: Huey) -> None:
    task = tasks._import_tasks[id(queue)].s(1, None, [], None)
    leases.take(queue, task)
    leases.renew(queue)

    assert leases.reap(queue, tasks.clean_filesets, now=time.time() + leases.LEASE_TTL / 2) == (
        leases.Reaped()
    )
    (worker,) = leases.workers(queue)
    assert (worker["worker"], worker["running"]) == (leases.WORKER_ID, 1)


def test_a_run_whose_task_was_taken_back_reports_nothing(queue: Huey) -> None:
    task = tasks._import_tasks[id(queue)].s(1, None, [], None)
    leases.take(queue, task)
    leases.reap(queue, lambda ids: None, now=time.time() + leases.LEASE_TTL + 1)  # frozen

    leases.renew(queue)  # the frozen worker wakes up

    assert leases.lost(queue, task.id)


@pytest.fixture
def redis_queue() -> Iterator[RedisHuey]:
    """A queue on the real Redis under a name of its own, removed afterwards."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        unavailable(f"Redis is not reachable at {REDIS_URL}: {exc}")
    name = unique_prefix()
    huey = tasks.build_queue("redis", url=REDIS_URL, name=name)
    assert isinstance(huey, RedisHuey)
    try:
        yield huey
    finally:
        huey.storage.flush_all()
        keys = list(client.scan_iter(match=f"{name}*"))
        if keys:
            client.delete(*keys)
        client.close()


def test_maintenance_runs_once_per_round_for_every_worker_on_redis(
    redis_queue: RedisHuey, owner_ctx: Any, settings: Any, tmp_path: Path
) -> None:
    settings.OMERODIR = str(tmp_path)
    version = redis_queue.storage.conn.info()["redis_version"]
    due = redis_queue.read_periodic(datetime.datetime(2026, 1, 1, 12, 5))
    (task,) = [t for t in due if t.name == "pyomero.maintenance"]

    first = redis_queue.execute(task)  # two workers' schedulers queued it for this round
    second = redis_queue.execute(task)

    assert isinstance(first, dict), f"maintenance did not run on Redis {version}"
    assert second is None


def test_leases_are_found_on_redis(redis_queue: RedisHuey) -> None:
    task = tasks._import_tasks[id(redis_queue)].s(1, None, [], None)
    leases.take(redis_queue, task)
    try:
        (lease,) = leases.leases(redis_queue)
        assert (lease.task_id, lease.worker) == (task.id, leases.WORKER_ID)
        reaped = leases.reap(redis_queue, lambda ids: None, now=time.time() + leases.LEASE_TTL + 1)
        assert reaped.requeued == (task.id,) and redis_queue.pending_count() == 1
    finally:
        leases.forget(redis_queue, task.id)
