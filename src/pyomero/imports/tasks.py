"""Background tasks: the one seam between imports and the task queue (huey).

See docs/decisions/0004-background-tasks.md. Three backends, one API:

- ``thread`` (the embedded default): a huey queue in SQLite
  (``$OMERODIR/var/tasks.sqlite3``, so queued work survives a restart) consumed by worker
  threads inside the server process (:func:`start_worker`);
- ``redis`` (production): a huey queue on Redis, consumed by separate worker processes on
  any number of machines: ``huey_consumer pyomero.imports.worker.huey -w 4``;
- ``immediate``: the task runs at once in the caller (tests, scripts).

The rest of pyomero calls :func:`submit_import`; nothing else names huey.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey
from huey.api import Result, TaskWrapper

from pyomero.imports.options import ImportOptions
from pyomero.model.context import EventContext

BACKENDS = ("thread", "redis", "immediate")
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
QUEUE_NAME = "pyomero"

_lock = threading.Lock()
_queue: Huey | None = None
_import_tasks: dict[int, TaskWrapper] = {}  # id(huey) -> its import task


def run_import_job(
    user_id: int, group_id: int | None, paths: list[str], options: ImportOptions
) -> list[dict[str, object]]:
    """The task: import ``paths`` as the user in the group; plain results per fileset."""
    from pyomero.imports import run_import
    from pyomero.model.context import event_context

    ctx = event_context(user_id, group_id)
    return [result.as_dict() for result in run_import(ctx, [Path(p) for p in paths], options)]


def build_queue(
    backend: str = "thread",
    *,
    path: Path | None = None,
    url: str = DEFAULT_REDIS_URL,
) -> Huey:
    """A huey instance for ``backend`` with pyomero's tasks registered on it."""
    if backend == "immediate":
        huey: Huey = MemoryHuey(QUEUE_NAME, immediate=True)
    elif backend == "redis":
        huey = RedisHuey(QUEUE_NAME, url=url)
    elif backend == "thread":
        if path is None:
            raise ValueError("the thread backend needs the path of its SQLite queue")
        path.parent.mkdir(parents=True, exist_ok=True)
        huey = SqliteHuey(QUEUE_NAME, filename=str(path))
    else:
        raise ValueError(f"unknown task backend {backend!r} (choose from {', '.join(BACKENDS)})")
    _import_tasks[id(huey)] = huey.task(name="pyomero.import", retries=0)(run_import_job)
    return huey


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
    path = Path(settings.OMERODIR) / "var" / "tasks.sqlite3"
    return build_queue(
        config["omero.tasks.backend"], path=path, url=config["omero.tasks.redis_url"]
    )


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


def start_worker(workers: int = 1) -> Any:
    """Consume the queue in threads of this process (the ``thread`` backend); returns the
    consumer (``stop()`` it at shutdown)."""
    consumer = queue().create_consumer(workers=workers, worker_type="thread", periodic=False)
    consumer.start()
    return consumer
