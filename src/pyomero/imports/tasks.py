"""Background tasks: the one seam between imports and the task queue (huey).

See docs/decisions/0004-background-tasks.md. Three backends, one API:

- ``thread`` (the embedded default): a huey queue in SQLite
  (``$OMERODIR/var/tasks.sqlite3``, so queued work survives a restart) consumed by worker
  threads inside the server process (:mod:`pyomero.imports.consumer`);
- ``redis`` (production): a huey queue on Redis, consumed by separate worker processes on
  any number of machines: ``omero admin worker`` (or ``huey_consumer
  pyomero.imports.worker.huey``);
- ``immediate``: the task runs at once in the caller (tests, scripts).

Besides the import, each queue carries a periodic task, ``pyomero.maintenance``
(:func:`pyomero.imports.recovery.run_maintenance` every five minutes; every consumer's
scheduler queues it, and a claim per round, ``SET NX EX`` on Redis, lets one run of it
per deployment go ahead). A running import publishes its progress under
``<task id>:progress`` (:func:`import_progress`). When the consumer stops
(:data:`stopping`), a running import stops at its next plane or chunk, removes what it
wrote and goes back in the queue, to run again from the start once a consumer runs.

Execution is at least once: a running task holds a lease that its worker renews
(:mod:`pyomero.imports.leases`); the lease of a worker that died runs out and the
reaper of any consumer cleans the dead run and queues the task again under the same id
(or fails it after three runs), within a minute.

The rest of pyomero calls :func:`submit_import`; nothing else names huey.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab
from huey.api import Result, Task, TaskWrapper
from huey.exceptions import RetryTask

from pyomero.imports import leases
from pyomero.imports.options import ImportOptions
from pyomero.imports.results import ImportProgress
from pyomero.model.context import EventContext

log = logging.getLogger(__name__)

BACKENDS = ("thread", "redis", "immediate")
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
DEFAULT_QUEUE_NAME = "pyomero"
#: How often consumers run the maintenance task (a crontab minute field).
MAINTENANCE_EVERY = 5
MAINTENANCE_MINUTES = f"*/{MAINTENANCE_EVERY}"
#: Seconds between two progress reports an import publishes.
PROGRESS_INTERVAL = 0.5

_lock = threading.Lock()
_queue: Huey | None = None
_import_tasks: dict[int, TaskWrapper] = {}  # id(huey) -> its import task
_export_tasks: dict[int, TaskWrapper] = {}  # id(huey) -> its figure export task
EXPORT_TASK = "pyomero.figure_export"

#: Set while this process's consumer stops: running imports give way (and are requeued).
stopping = threading.Event()


class ImportInterrupted(BaseException):
    """The consumer is stopping: the running import undoes itself (a BaseException, so
    that the pipeline cleans up and re-raises it rather than reporting a failure)."""


def _progress_key(task_id: str) -> str:
    return f"{task_id}:progress"


class _Publisher:
    """An import's progress callback: puts the latest progress in the queue's storage
    (at most every :data:`PROGRESS_INTERVAL` s), and stops the import when asked to."""

    def __init__(self, huey: Huey, task_id: str) -> None:
        self.huey, self.key, self.task_id = huey, _progress_key(task_id), task_id
        self.last = 0.0
        self.filesets_done = 0
        self.current: Path | None = None
        self.lock = threading.Lock()

    def __call__(self, event: ImportProgress) -> None:
        if stopping.is_set():
            raise ImportInterrupted("the server stopped during the import; it runs again later")
        if leases.lost(self.huey, self.task_id):
            raise leases.LeaseLost(self.task_id)
        if event.fileset_id is not None:
            leases.note_fileset(self.huey, self.task_id, event.fileset_id)
        with self.lock:
            if self.current is not None and event.path != self.current:
                self.filesets_done += 1
            self.current = event.path
            now = time.monotonic()
            if now - self.last < PROGRESS_INTERVAL and event.stage != "done":
                return
            self.last = now
            self.huey.put(
                self.key,
                {
                    "path": str(event.path),
                    "stage": event.stage,
                    "bytes_done": event.bytes_done,
                    "bytes_total": event.bytes_total,
                    "planes_done": event.planes_done,
                    "planes_total": event.planes_total,
                    "filesets_done": self.filesets_done,
                    "updated": time.time(),
                },
            )


def run_import_job(
    user_id: int,
    group_id: int | None,
    paths: list[str],
    options: ImportOptions,
    progress: Any = None,
    *,
    done: Sequence[dict[str, object]] = (),
    on_result: Callable[[dict[str, object]], None] | None = None,
) -> list[dict[str, object]]:
    """The task: import ``paths`` as the user in the group; plain results per fileset.

    ``done``: results of filesets an earlier run of the task finished (skipped now);
    ``on_result`` is called with each fileset's result as soon as it is known.
    """
    from pyomero.imports import run_import
    from pyomero.model.context import event_context

    _close_old_connections()
    try:
        ctx = event_context(user_id, group_id)
        named, options, shown = _locate(paths, options)
        skip = {str(result["path"]) for result in done}
        skip |= {f"{folder}/{path}" for folder in shown for path in list(skip)}

        def plain(result: Any) -> dict[str, object]:
            return _shown(result.as_dict(), shown)

        results = run_import(
            ctx,
            named,
            options,
            progress=progress,
            skip=skip,
            on_result=None if on_result is None else (lambda r: on_result(plain(r))),
        )
        return [*done, *(plain(result) for result in results)]
    finally:
        _close_old_connections()


def _locate(
    paths: Sequence[str], options: ImportOptions
) -> tuple[list[Path], ImportOptions, dict[str, str]]:
    """The paths to import on this host: an upload location (``upload:<id>``) is found
    under this host's ``omero.upload.dir`` (the only root it may read from); also how
    to show this host's folders to the user (as the names the user sent)."""
    from dataclasses import replace

    from pyomero.imports.uploads import resolve_location, uploads_root

    root = uploads_root()
    named, shown = [], {}
    for path in paths:
        folder = resolve_location(path, root)
        if folder is None:
            named.append(Path(path))
            continue
        named.append(folder.resolve())
        shown[str(folder.resolve())] = "the upload"
        options = replace(options, allowed_roots=(root.resolve(),))
    return named, options, shown


def _shown(result: dict[str, object], shown: dict[str, str]) -> dict[str, object]:
    """A result with this host's upload folders replaced by what the user knows."""
    for folder, name in shown.items():
        for key in ("path", "error"):
            value = result.get(key)
            if isinstance(value, str):
                value = value.replace(folder + "/", "").replace(folder, name)
                result[key] = value
    return result


def _close_old_connections() -> None:
    """Drop this thread's broken or expired database connections, as Django does around
    a request (a long-lived worker thread has no requests); not inside a transaction
    (the immediate backend in a caller's ``atomic`` block)."""
    from django.db import close_old_connections, connection

    if not connection.in_atomic_block:
        close_old_connections()


def build_queue(
    backend: str = "thread",
    *,
    path: Path | None = None,
    url: str = DEFAULT_REDIS_URL,
    name: str = DEFAULT_QUEUE_NAME,
) -> Huey:
    """A huey instance for ``backend`` with pyomero's tasks registered on it."""
    if backend == "immediate":
        huey: Huey = MemoryHuey(name, immediate=True)
    elif backend == "redis":
        huey = RedisHuey(name, url=url)
    elif backend == "thread":
        if path is None:
            raise ValueError("the thread backend needs the path of its SQLite queue")
        path.parent.mkdir(parents=True, exist_ok=True)
        huey = SqliteHuey(name, filename=str(path))
    else:
        raise ValueError(f"unknown task backend {backend!r} (choose from {', '.join(BACKENDS)})")
    _register(huey)
    return huey


def _register(huey: Huey) -> None:
    def import_task(
        user_id: int,
        group_id: int | None,
        paths: list[str],
        options: ImportOptions,
        task: Task | None = None,
    ) -> list[dict[str, object]] | None:
        assert task is not None  # context=True
        leases.take(huey, task)
        requeued = False
        started, outcome = time.monotonic(), "failed: the worker raised"
        try:
            results = run_import_job(
                user_id,
                group_id,
                paths,
                options,
                _Publisher(huey, task.id),
                done=leases.done_results(huey, task.id),
                on_result=lambda result: leases.note_result(huey, task.id, result),
            )
            outcome = _summary(results)
            return results
        except ImportInterrupted:
            requeued, outcome = True, "stopped with the worker; queued again"
            raise RetryTask() from None  # back in the queue: the next consumer runs it
        except leases.LeaseLost:
            outcome = "taken back by the reaper (the worker was frozen); another run has it"
            return None  # another run has it: report nothing
        finally:
            log.info(
                "import %s (Experimenter:%s, %d path(s), run %d): %s in %.1f s",
                task.id,
                user_id,
                len(paths),
                leases.attempt_of(huey, task.id),
                outcome,
                time.monotonic() - started,
            )
            huey.delete(_progress_key(task.id))
            if leases.lost(huey, task.id):
                leases.forget(huey, task.id)
            else:
                leases.release(huey, task.id, finished=not requeued)

    _import_tasks[id(huey)] = huey.task(name="pyomero.import", retries=0, context=True)(import_task)

    def export_task(
        user_id: int,
        group_id: int | None,
        activity_id: int,
        figure: dict[str, Any],
        option: str,
        task: Task | None = None,
    ) -> int | None:
        # Under a lease as an import: a dead worker's export runs again (it writes
        # nothing until its file is complete, so a rerun starts clean).
        assert task is not None  # context=True
        leases.take(huey, task)
        try:
            return run_export_job(user_id, group_id, activity_id, figure, option)
        finally:
            if leases.lost(huey, task.id):
                leases.forget(huey, task.id)
            else:
                leases.release(huey, task.id, finished=True)

    _export_tasks[id(huey)] = huey.task(name=EXPORT_TASK, retries=0, context=True)(export_task)

    def maintenance() -> dict[str, object] | None:
        # Every consumer's scheduler queues it; one run per round for the deployment.
        slot = int(time.time() // (MAINTENANCE_EVERY * 60))
        if not leases.claim(huey, f"maintenance.{slot}", MAINTENANCE_EVERY * 60):
            return None
        return run_maintenance_job()

    huey.periodic_task(crontab(minute=MAINTENANCE_MINUTES), name="pyomero.maintenance")(maintenance)


def _summary(results: list[dict[str, object]]) -> str:
    """One line: the images made, or the errors."""
    errors = [str(r["error"]) for r in results if r.get("error")]
    images = [str(i) for r in results for i in r.get("images", [])]  # type: ignore[attr-defined]
    if errors:
        return f"failed: {'; '.join(errors)[:300]}"
    return f"complete: Image:{','.join(images)}" if images else "complete: no image"


def run_export_job(
    user_id: int, group_id: int | None, activity_id: int, figure: dict[str, Any], option: str
) -> int | None:
    """The figure export task (:func:`pyomero.imaging.figure_export.run_export_job`)."""
    from pyomero.imaging.figure_export import run_export_job as export

    _close_old_connections()
    try:
        return export(user_id, group_id, activity_id, figure, option)
    finally:
        _close_old_connections()


def given_up(task: Task, error: str) -> None:
    """The reaper failed a task whose workers kept dying: a figure export's activity
    fails with it (an import reports through its task's result)."""
    if task.name != EXPORT_TASK:
        return
    from pyomero.model.actions.activities import do_finish_activity

    _close_old_connections()
    try:
        do_finish_activity(int(task.args[2]), error=error.replace("import", "export"))
    finally:
        _close_old_connections()


def submit_export(
    ctx: EventContext, activity_id: int, figure: dict[str, Any], option: str
) -> Result | None:
    """Queue a figure export that :func:`~pyomero.imaging.figure_export.start_export`
    recorded as ``activity_id``."""
    task = _export_tasks[id(queue())]
    result: Result | None = task(ctx.user_id, ctx.group_id, activity_id, figure, option)
    return result


def run_maintenance_job() -> dict[str, object]:
    """The periodic task: :func:`~pyomero.imports.recovery.run_maintenance` on this
    server's data directory and uploads."""
    from pyomero.imports import data_dir
    from pyomero.imports.recovery import run_maintenance
    from pyomero.imports.uploads import uploads_root

    _close_old_connections()
    try:
        return run_maintenance(data_dir(), uploads_root()).as_dict()
    finally:
        _close_old_connections()


def clean_filesets(fileset_ids: list[int]) -> None:
    """The reaper's cleaner: fail the filesets a dead run started, removing what it wrote."""
    if not fileset_ids:
        return
    from pyomero.imports import data_dir
    from pyomero.imports.recovery import fail_filesets

    _close_old_connections()
    try:
        fail_filesets(data_dir(), fileset_ids)
    finally:
        _close_old_connections()


def configure(backend: str = "thread", **kwargs: Any) -> Huey:
    """Choose the queue (replacing any earlier choice); see :func:`build_queue`."""
    global _queue
    with _lock:
        _queue = build_queue(backend, **kwargs)
        return _queue


def _from_config() -> Huey:
    """The queue ``omero.tasks.*`` asks for."""
    from django.conf import settings

    config = settings.OMERO_CONFIG
    return build_queue(
        config["omero.tasks.backend"],
        path=queue_path(Path(settings.OMERODIR)),
        url=config["omero.tasks.redis_url"],
        name=config["omero.tasks.queue_name"],
    )


def queue_path(omerodir: Path) -> Path:
    """The SQLite file of the ``thread`` backend."""
    return omerodir / "var" / "tasks.sqlite3"


def queue() -> Huey:
    """The configured queue, built from the configuration on first use."""
    global _queue
    with _lock:
        if _queue is None:
            _queue = _from_config()
        return _queue


def submit_import(
    ctx: EventContext, paths: Sequence[Path], options: ImportOptions | None = None
) -> Result | None:
    """Queue an import of ``paths`` as ctx; the handle's ``get()`` gives the results
    (``ImportResult.as_dict()`` per fileset) once a worker ran it."""
    huey = queue()
    task = _import_tasks[id(huey)]
    result: Result | None = task(
        ctx.user_id, ctx.group_id, [str(p) for p in paths], options or ImportOptions()
    )
    return result


def import_progress(task_id: str) -> dict[str, Any] | None:
    """The latest progress a running import published (see :class:`_Publisher`), or None."""
    value = queue().get(_progress_key(task_id), peek=True)
    return value if isinstance(value, dict) else None


def attempt_of(task_id: str) -> int:
    """Which run of the task this is (above 1 once a dead worker's run was queued again)."""
    return leases.attempt_of(queue(), task_id)


def died(task_id: str, idle: float) -> bool:
    """Whether a task that has no result yet stopped publishing progress ``idle`` seconds
    ago: its worker was killed (a worker that is stopped queues the import again)."""
    progress = import_progress(task_id)
    if progress is None:
        return False
    return bool(time.time() - float(progress.get("updated", time.time())) > idle)
