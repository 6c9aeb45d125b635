"""Health of one server process, for load balancers and monitoring.

- liveness (``/healthz``): the process answers; nothing else is asked;
- readiness (``/readyz``): every piece a request needs answers now: the database (and
  its schema is the code's: no migration left to apply), each cache, the task queue
  and the stores (``omero.data.dir``, and ``omero.pixeldata.store_url`` and
  ``omero.data.store_url`` when set). :func:`readiness` gives one line per piece,
  ``ok`` or what failed;
- metrics (``/metrics``): :mod:`pyomero.telemetry`'s counters, and gauges sampled here
  (:func:`gauges`): imports queued, running, failed, the queue's depth and the
  workers' last heartbeats. Readable only from ``omero.web.metrics.allowed_networks``.
"""

from __future__ import annotations

import ipaddress
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connection

from pyomero.telemetry import Gauge

#: Seconds a current schema is remembered (the migration graph takes a while to load).
SCHEMA_CACHE_SECONDS = 30.0
_schema_ok_until = 0.0


def check_database() -> str:
    global _schema_ok_until
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    if time.monotonic() < _schema_ok_until:
        return "ok"
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        return f"the schema is not current: {len(pending)} migration(s) to apply (omero db upgrade)"
    _schema_ok_until = time.monotonic() + SCHEMA_CACHE_SECONDS
    return "ok"


def check_caches() -> str:
    probe = f"pyomero.readyz.{os.getpid()}"
    for alias in settings.CACHES:
        cache = caches[alias]
        cache.set(probe, "1", 10)
        cache.get(probe)
    return "ok"


def check_tasks() -> str:
    from pyomero.imports.tasks import queue

    queue().pending_count()  # a round trip to Redis, or a read of the SQLite queue
    return "ok"


def check_pixels() -> str:
    from pyomero.pixels import Location

    data_dir = Path(settings.OMERO_CONFIG.data_dir())
    if not data_dir.is_dir():
        return f"omero.data.dir is not a directory on this host: {data_dir.name}"
    os.listdir(data_dir)
    config = settings.OMERO_CONFIG
    for url in {config["omero.pixeldata.store_url"], config["omero.data.store_url"]} - {""}:
        Location.of(url).exists()  # one listing: the store answers and lets us read
    return "ok"


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "cache": check_caches,
    "tasks": check_tasks,
    "pixels": check_pixels,
}


def readiness() -> dict[str, str]:
    """Each piece and ``ok``, or what failed (never raises)."""
    found = {}
    for name, check in CHECKS.items():
        try:
            found[name] = check()
        except Exception as exc:
            found[name] = (
                f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"
            )
    return found


def gauges() -> Iterable[Gauge]:
    """What /metrics samples at each scrape; a piece that does not answer is left out."""
    from pyomero.imports import leases
    from pyomero.imports.tasks import queue
    from pyomero.model.models import Fileset, FilesetState

    try:
        huey = queue()
        yield Gauge(
            "pyomero_task_queue_depth",
            "Tasks waiting in the queue.",
            (),
            [((), huey.pending_count())],
        )
        running = len(leases.leases(huey))
        workers = leases.workers(huey)
    except Exception:
        running, workers = -1, []
    if running >= 0:
        yield Gauge("pyomero_imports_running", "Imports a worker runs now.", (), [((), running)])
    yield Gauge(
        "pyomero_worker_heartbeat_timestamp_seconds",
        "When each task worker last said it was alive (Unix time).",
        ("worker", "host"),
        [((w["worker"], w["host"]), float(w["beat"])) for w in workers],
    )
    try:
        counts = {
            state: Fileset.objects.filter(state=state).count()
            for state in (FilesetState.IMPORTING, FilesetState.FAILED)
        }
    except Exception:
        return
    yield Gauge(
        "pyomero_filesets",
        "Filesets by state: importing, failed.",
        ("state",),
        [((str(state),), float(count)) for state, count in counts.items()],
    )


def client_allowed(remote_addr: str, forwarded_for: str, allowed: list[str]) -> bool:
    """Whether the client and every proxy it came through are in ``allowed`` (networks)."""
    networks = [ipaddress.ip_network(net, strict=False) for net in allowed]
    hops = [remote_addr, *(part.strip() for part in forwarded_for.split(",") if part.strip())]
    for hop in hops:
        try:
            address = ipaddress.ip_address(hop)
        except ValueError:
            return False
        if not any(address in network for network in networks):
            return False
    return True
