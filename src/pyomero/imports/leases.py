"""At-least-once tasks: leases held by live workers, and a reaper that takes them back.

A task that starts takes a *lease* in the queue's storage (``pyomero.lease:<task id>``):
the task's message, the worker that runs it, the filesets it has started and when the
lease runs out. Every consumer process has a :class:`Keeper` thread that renews the
leases of the tasks it runs every :data:`BEAT` seconds and publishes the worker's
heartbeat (``pyomero.worker:<worker id>``). A worker that dies (SIGKILL, a power cut,
a stop that did not finish in time) renews nothing: :data:`LEASE_TTL` seconds later its
leases have run out, and the next round of any consumer's reaper (:func:`reap`, every
:data:`REAP_EVERY` seconds, one consumer at a time) cleans what the dead run half wrote
(:func:`pyomero.imports.recovery.fail_fileset`: rows, pyramid and its staging objects on
disk or S3, the managed repository's staging directory, thumbnails) and puts the task back
in the queue under the same id, so that a client watching it sees it run again; after
:data:`MAX_ATTEMPTS` runs it is failed instead, with an error the client shows.

So a dead worker's import is requeued or failed within ``LEASE_TTL + REAP_EVERY`` seconds
(under a minute), never left ``importing``. Filesets a task had finished are kept: the
next run skips them (:func:`done_results`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # huey is loaded by the queue (imports.tasks), only where one runs
    from huey import Huey
    from huey.api import Task

log = logging.getLogger(__name__)

#: Seconds a lease lives without being renewed.
LEASE_TTL = 30.0
#: Seconds between two renewals (and heartbeats) of a worker.
BEAT = 5.0
#: Seconds between two rounds of the reaper.
REAP_EVERY = 10.0
#: Runs of one task before a dead worker's task is failed rather than queued again.
MAX_ATTEMPTS = 3
#: Seconds after its last heartbeat that a worker is no longer listed.
WORKER_GONE = 120.0

LEASE_PREFIX = "pyomero.lease:"
WORKER_PREFIX = "pyomero.worker:"
INTERRUPTED = "the import was interrupted (its worker stopped)"

#: This process's name among workers: host, pid and a random part (pids are reused).
WORKER_ID = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class Lease:
    """A running task as its worker last reported it."""

    task_id: str
    worker: str
    message: bytes
    expires: float
    attempt: int = 1
    filesets: list[int] = field(default_factory=list)


def _key(task_id: str) -> str:
    return LEASE_PREFIX + task_id


def _done_key(task_id: str) -> str:
    return f"{task_id}:done"


def _attempt_key(task_id: str) -> str:
    return f"{task_id}:attempt"


# What a running task does --------------------------------------------------------------------

_held: dict[tuple[int, str], Lease] = {}  # (id(huey), task id) -> lease, of this process
_held_lock = threading.Lock()


def take(huey: Huey, task: Task) -> Lease:
    """Take the lease of ``task`` as it starts on this worker."""
    attempt = int(huey.get(_attempt_key(task.id), peek=True) or 1)
    lease = Lease(task.id, WORKER_ID, huey.serialize_task(task), time.time() + LEASE_TTL, attempt)
    with _held_lock:
        _held[id(huey), task.id] = lease
    huey.put(_key(task.id), asdict(lease))
    return lease


def note_fileset(huey: Huey, task_id: str, fileset_id: int) -> None:
    """Record that the task started ``fileset_id`` (the reaper cleans it if we die)."""
    with _held_lock:
        lease = _held.get((id(huey), task_id))
        if lease is None or fileset_id in lease.filesets:
            return
        lease.filesets.append(fileset_id)
        huey.put(_key(task_id), asdict(lease))


def note_result(huey: Huey, task_id: str, result: dict[str, object]) -> None:
    """Keep a finished fileset's result: a later run of the task skips it."""
    with _held_lock:
        lease = _held.get((id(huey), task_id))
        done = list(huey.get(_done_key(task_id), peek=True) or [])
        done.append(result)
        huey.put(_done_key(task_id), done)
        if lease is not None and result.get("fileset") in lease.filesets:
            lease.filesets.remove(result["fileset"])  # type: ignore[arg-type]
            huey.put(_key(task_id), asdict(lease))


def done_results(huey: Huey, task_id: str) -> list[dict[str, object]]:
    """Results of filesets an earlier run of the task finished."""
    return list(huey.get(_done_key(task_id), peek=True) or [])


def release(huey: Huey, task_id: str, *, finished: bool) -> None:
    """Give the lease back: the task ended (``finished``) or was queued again by us.
    A lost lease is another run's now: only forgotten here."""
    with _held_lock:
        _held.pop((id(huey), task_id), None)
        if (id(huey), task_id) in _lost:
            _lost.discard((id(huey), task_id))
            return
    huey.delete(_key(task_id))
    if finished:
        huey.delete(_done_key(task_id))
        huey.delete(_attempt_key(task_id))


def attempt_of(huey: Huey, task_id: str) -> int:
    """Which run of the task this is or will be (1 for the first)."""
    return int(huey.get(_attempt_key(task_id), peek=True) or 1)


# Worker heartbeat ----------------------------------------------------------------------------


class LeaseLost(BaseException):
    """The reaper took this run's task back (the worker was frozen longer than the lease):
    another run has it now, so this one stops and reports nothing."""


_lost: set[tuple[int, str]] = set()


def lost(huey: Huey, task_id: str) -> bool:
    """Whether the reaper took the task back from this process."""
    with _held_lock:
        return (id(huey), task_id) in _lost


def forget(huey: Huey, task_id: str) -> None:
    with _held_lock:
        _lost.discard((id(huey), task_id))
        _held.pop((id(huey), task_id), None)


def renew(huey: Huey) -> int:
    """Renew this process's leases on ``huey`` and publish its heartbeat; how many.

    A lease no longer ours in the storage (the reaper took it back) is marked lost.
    """
    now = time.time()
    with _held_lock:
        mine = [lease for (queue, _), lease in _held.items() if queue == id(huey)]
        for lease in mine:
            stored = huey.get(_key(lease.task_id), peek=True)
            if not isinstance(stored, dict) or stored.get("worker") != WORKER_ID:
                _lost.add((id(huey), lease.task_id))
                _held.pop((id(huey), lease.task_id), None)
                continue
            lease.expires = now + LEASE_TTL
            huey.put(_key(lease.task_id), asdict(lease))
    host, pid, _ = WORKER_ID.split(":")
    huey.put(
        WORKER_PREFIX + WORKER_ID,
        {"worker": WORKER_ID, "host": host, "pid": int(pid), "beat": now, "running": len(mine)},
    )
    return len(mine)


def workers(huey: Huey, now: float | None = None) -> list[dict[str, Any]]:
    """The workers heard from in the last :data:`WORKER_GONE` seconds (others are dropped)."""
    now = time.time() if now is None else now
    alive = []
    for key, value in _items(huey, WORKER_PREFIX):
        if now - float(value.get("beat", 0)) > WORKER_GONE:
            huey.delete(key)
        else:
            alive.append(value)
    return sorted(alive, key=lambda worker: str(worker["worker"]))


def leases(huey: Huey) -> list[Lease]:
    return [Lease(**value) for _, value in _items(huey, LEASE_PREFIX)]


def _items(huey: Huey, prefix: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every value of the queue's storage under a key starting with ``prefix``."""
    if _on_redis(huey):
        storage: Any = huey.storage
        pairs: Any = storage.conn.hscan_iter(storage.result_key, match=prefix + "*")
        raw = {key.decode(): value for key, value in pairs}
    else:
        raw = {k: v for k, v in huey.storage.result_items().items() if k.startswith(prefix)}
    for key, value in raw.items():
        with contextlib.suppress(Exception):  # a value written by another version
            data = huey.serializer.deserialize(value)
            if isinstance(data, dict):
                yield key, data


def _on_redis(huey: Huey) -> bool:
    from huey import RedisHuey

    return isinstance(huey, RedisHuey)


# The reaper ------------------------------------------------------------------------------------


def claim(huey: Huey, name: str, seconds: float) -> bool:
    """True for one caller per ``name`` in ``seconds`` across every consumer of the queue.

    On Redis ``SET NX EX``, which every Redis has (huey's own locks with a time to live
    need hash-field expiry, Redis 7.4+, and Debian ships 7.0). Other backends have one
    consumer per server directory (a lock file): always True.
    """
    if not _on_redis(huey):
        return True
    storage: Any = huey.storage
    key = f"{storage.name}.claim.{name}"
    return bool(storage.conn.set(key, WORKER_ID, nx=True, ex=max(int(seconds), 1)))


Cleaner = Callable[[list[int]], None]


@dataclass(frozen=True)
class Reaped:
    """What one round of the reaper did: task ids queued again, and failed."""

    requeued: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()


def reap(
    huey: Huey,
    clean: Cleaner,
    now: float | None = None,
    given_up: Callable[[Task, str], None] | None = None,
) -> Reaped:
    """Take back every lease that ran out: clean its filesets with ``clean``, then queue
    the task again (same id), or fail it after :data:`MAX_ATTEMPTS` runs (``given_up``
    is then told, with the error, so that what the task reports to users fails too)."""
    from huey.utils import Error

    now = time.time() if now is None else now
    requeued, failed = [], []
    for lease in leases(huey):
        if lease.expires > now:
            continue
        if not claim(huey, f"reap.{lease.task_id}", LEASE_TTL):
            continue  # another consumer's reaper has it
        try:
            clean(lease.filesets)
        except Exception:
            log.exception("task %s: could not clean its filesets; trying later", lease.task_id)
            continue
        task = huey.deserialize_task(lease.message)
        huey.delete(_key(lease.task_id))
        if lease.attempt >= MAX_ATTEMPTS:
            error = f"{INTERRUPTED} {lease.attempt} times; it was not queued again"
            huey.put_result(task.id, Error({"error": error, "retries": 0, "task_id": task.id}))
            huey.delete(_done_key(task.id))
            huey.delete(_attempt_key(task.id))
            log.error("task %s (%s): %s", task.id, task.name, error)
            if given_up is not None:
                given_up(task, error)
            failed.append(task.id)
            continue
        huey.put(_attempt_key(task.id), lease.attempt + 1)
        huey.enqueue(task)
        log.warning(
            "task %s (%s): worker %s stopped answering; queued again (run %d of %d)",
            task.id,
            task.name,
            lease.worker,
            lease.attempt + 1,
            MAX_ATTEMPTS,
        )
        requeued.append(task.id)
    return Reaped(tuple(requeued), tuple(failed))


class Keeper:
    """A consumer's daemon thread: renews its leases, and reaps the dead's."""

    def __init__(
        self,
        huey: Huey,
        clean: Cleaner,
        *,
        beat: float = BEAT,
        given_up: Callable[[Task, str], None] | None = None,
    ) -> None:
        self.huey, self.clean, self.beat, self.given_up = huey, clean, beat, given_up
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pyomero-leases", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        last_reap = 0.0
        while True:
            try:
                renew(self.huey)
                if time.monotonic() - last_reap >= REAP_EVERY and claim(
                    self.huey, "reaper", REAP_EVERY / 2
                ):
                    last_reap = time.monotonic()
                    reap(self.huey, self.clean, given_up=self.given_up)
            except Exception:
                log.exception("the lease keeper failed; trying again")
            if self._stop.wait(self.beat):
                return
