"""Task consumers that stop when asked: in the web server (``thread``) and ``omero admin worker``.

huey's own ``Consumer.start()`` installs handlers for SIGTERM, SIGINT and SIGHUP in the
calling process. Inside a gunicorn worker they replace gunicorn's, and the worker no
longer ended on SIGTERM: every ``omero web stop`` waited for gunicorn's graceful timeout.
:class:`InProcessConsumer` runs huey's scheduler and worker loops as daemon threads and
installs no handler; :meth:`~InProcessConsumer.stop` asks a running import to give way
(it removes what it wrote and goes back in the queue, see :mod:`pyomero.imports.tasks`),
waits a few seconds for the threads, and returns.

With the ``thread`` backend one consumer works per server directory, whatever the number
of gunicorn workers: the worker that holds the lock file ``$OMERODIR/var/tasks.lock``
consumes, the others try again every few seconds, so a recycled or killed worker's
place is taken over (the system releases the lock of a dead process).

Where it starts: gunicorn's ``post_worker_init`` and ``worker_exit`` hooks
(:mod:`pyomero.web.gunicorn_conf`), Django's development server (``ready()`` of the web
app, :func:`start_for_development_server`), and ``omero admin worker``
(:func:`run_worker`) for the ``redis`` backend.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

from huey import Huey
from huey.consumer import Consumer

from pyomero.imports import leases, tasks

log = logging.getLogger(__name__)

#: Seconds between two tries at the lock, and the longest wait for new work.
POLL = 2.0
#: Seconds :meth:`InProcessConsumer.stop` waits for the threads.
STOP_TIMEOUT = 5.0
#: Seconds ``omero admin worker`` waits on SIGTERM for a running import to give way
#: (within systemd's default 90 s); one that does not is run again once its lease ends.
WORKER_STOP_TIMEOUT = 30.0


class InProcessConsumer:
    """huey's scheduler and workers as daemon threads of this process, no signal handlers.

    ``lock_path``: consume only while holding this lock file (one consumer per server).
    """

    def __init__(
        self,
        huey: Huey,
        *,
        workers: int = 1,
        lock_path: Path | None = None,
        periodic: bool = True,
        poll: float = POLL,
    ) -> None:
        self.huey = huey
        self.workers = workers
        self.lock_path = lock_path
        self.periodic = periodic
        self.poll = poll
        self._stop = threading.Event()
        self._state = threading.Lock()
        self._consumer: Consumer | None = None
        self._lock_file: IO[bytes] | None = None
        self._thread: threading.Thread | None = None
        self._keeper: leases.Keeper | None = None
        self.consuming = threading.Event()

    def start(self) -> None:
        """Start consuming (at once, or once the lock is free) in a daemon thread."""
        tasks.stopping.clear()
        self._thread = threading.Thread(target=self._run, name="pyomero-tasks", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._acquire():
            if self._stop.wait(self.poll):
                return
        with self._state:
            if self._stop.is_set():
                self._release()
                return
            consumer = Consumer(
                self.huey,
                workers=self.workers,
                periodic=self.periodic,
                worker_type="thread",
                check_worker_health=False,
                max_delay=self.poll,
            )
            consumer.scheduler.start()
            for _, thread in consumer.worker_threads:
                thread.start()
            self._consumer = consumer
            self._keeper = leases.Keeper(self.huey, tasks.clean_filesets, given_up=tasks.given_up)
            self._keeper.start()
        log.info("task consumer started (%d worker thread(s), pid %d)", self.workers, os.getpid())
        self.consuming.set()

    def _acquire(self) -> bool:
        if self.lock_path is None:
            return True
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.lock_path.open("ab")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._lock_file = handle
        return True

    def _release(self) -> None:
        if self._lock_file is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._lock_file, fcntl.LOCK_UN)
            self._lock_file.close()
            self._lock_file = None

    def stop(self, timeout: float = STOP_TIMEOUT) -> bool:
        """Stop consuming: a running import gives way and is queued again; wait up to
        ``timeout`` seconds for the threads. False if one still runs (it is a daemon
        thread: it ends with the process; recovery fails its import later)."""
        self._stop.set()
        tasks.stopping.set()
        with self._state:
            consumer = self._consumer
            self._consumer = None
        stopped = True
        if consumer is not None:
            consumer.stop_flag.set()
            deadline = time.monotonic() + timeout
            threads = [t for _, t in consumer.worker_threads] + [consumer.scheduler]
            for thread in threads:
                thread.join(max(deadline - time.monotonic(), 0))
            stopped = not any(thread.is_alive() for thread in threads)
            if not stopped:
                log.warning(
                    "a task did not stop within %g s; it ends with the process and "
                    "another worker runs it again once its lease runs out",
                    timeout,
                )
        if self._keeper is not None:
            self._keeper.stop()
            self._keeper = None
        self._release()
        self.consuming.clear()
        return stopped


# The web server's consumer (thread backend) ------------------------------------------------

_running: InProcessConsumer | None = None


def start_in_process() -> InProcessConsumer | None:
    """Start this server process's consumer if ``omero.tasks.backend`` is ``thread``."""
    global _running
    from django.conf import settings

    config = settings.OMERO_CONFIG
    if config["omero.tasks.backend"] != "thread" or _running is not None:
        return _running
    _running = InProcessConsumer(
        tasks.queue(),
        workers=config["omero.tasks.workers"],
        lock_path=Path(settings.OMERODIR) / "var" / "tasks.lock",
    )
    _running.start()
    return _running


def stop_in_process() -> None:
    """Stop this process's consumer, if it runs (gunicorn's ``worker_exit``, atexit)."""
    global _running
    if _running is not None:
        running, _running = _running, None
        running.stop()


def start_for_development_server() -> None:
    """In Django's development server: consume in-process, and stop cleanly on SIGTERM
    (as on Ctrl-C) so that a running import is queued again, not cut off."""
    if start_in_process() is None:
        return
    atexit.register(stop_in_process)
    main = threading.current_thread() is threading.main_thread()
    if main and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _exit_on_sigterm)


def _exit_on_sigterm(signum: int, frame: Any) -> None:
    sys.exit(0)


# omero admin worker (redis backend) ---------------------------------------------------------


def run_worker(huey: Huey, workers: int, ready: Any = None) -> None:
    """Consume ``huey`` in this process until SIGTERM or SIGINT; then stop cleanly.

    ``ready`` (optional) is called once the consumer runs.
    """
    done = threading.Event()

    def handle(signum: int, frame: Any) -> None:
        done.set()

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGTERM, signal.SIGINT)}
    consumer = InProcessConsumer(huey, workers=workers)
    try:
        consumer.start()
        consumer.consuming.wait()
        if ready is not None:
            ready()
        while not done.wait(1.0):
            pass
    finally:
        consumer.stop(WORKER_STOP_TIMEOUT)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
