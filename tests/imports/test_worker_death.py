"""A worker stopped or killed while it writes pixels never loses the import: real
``omero admin worker`` processes on Redis, a real upload through a started server.

SIGKILL: the dead worker's lease runs out and the other worker's reaper cleans the run
and queues the task again, which the other worker imports. SIGTERM: the worker asks
the import to give way, it goes back in the queue at once and the worker exits cleanly.
Either way the user's upload ends ``complete``, one image, nothing half-written left.
"""

from __future__ import annotations

import re
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pyomero.imports import leases, tasks
from pyomero.pixels import synthetic as syn
from pyomero.testing.hosts import (
    SETUP,
    WAIT,
    image_names,
    outcome,
    redis_queue_config,
    start_upload,
    start_worker,
    stop_worker,
)
from pyomero.testing.live import LiveServer, live_server


@pytest.fixture(scope="module")
def large_tiff(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Large enough that writing its pyramid takes a while (about 100 MB of planes)."""
    path = tmp_path_factory.mktemp("death") / "large.ome.tif"
    syn.write_ome_tiff(path, syn.synthetic_metadata(2048, 2048, size_c=2, size_z=6))
    return path


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[dict[str, Any]]:
    with redis_queue_config() as queue, live_server(tmp_path / "omero", queue) as live:
        dataset = int(live.python(SETUP).strip())
        workers = [start_worker(live.omerodir), start_worker(live.omerodir)]
        huey = tasks.build_queue(
            "redis", url=queue["omero.tasks.redis_url"], name=queue["omero.tasks.queue_name"]
        )
        try:
            yield {"live": live, "dataset": dataset, "workers": workers, "huey": huey}
        finally:
            for worker in workers:
                stop_worker(worker)


def worker_in_pixels(huey: Any, workers: list[subprocess.Popen[str]]) -> subprocess.Popen[str]:
    """The worker process whose import is writing its pyramid, once it is."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        for lease in leases.leases(huey):
            progress = huey.get(f"{lease.task_id}:progress", peek=True) or {}
            if progress.get("stage") == "pixels":
                pid = int(lease.worker.split(":")[1])
                return next(w for w in workers if w.pid == pid)
        time.sleep(0.02)
    raise AssertionError("no import reached its pixels")


def half_written(live: LiveServer) -> list[str]:
    data = live.omerodir / "var" / "data"
    return sorted(str(p.relative_to(data)) for p in data.rglob(".pyomero-partial-*"))


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM], ids=["sigkill", "sigterm"])
def test_an_import_survives_its_worker_stopping_mid_pixels(
    deployment: dict[str, Any], large_tiff: Path, signum: int
) -> None:
    live, huey, workers = deployment["live"], deployment["huey"], deployment["workers"]
    remote, upload_id = start_upload(live.url("/"), deployment["dataset"], large_tiff)
    victim = worker_in_pixels(huey, workers)

    victim.send_signal(signum)

    activity = outcome(remote, upload_id)
    assert activity["status"] == "complete", activity
    ids = [image["id"] for image in activity["images"]]
    assert image_names(live, ids) == ["synthetic"]
    assert half_written(live) == []
    assert victim.wait(timeout=60) == (-signal.SIGKILL if signum == signal.SIGKILL else 0)
    if signum == signal.SIGKILL:
        assert activity["attempts"] == 2  # the user saw it queued again
    states = live.python(
        "from pyomero.model.models import Fileset\n"
        "print(sorted(Fileset.objects.values_list('state', flat=True)))"
    )
    assert states.strip() == "['complete', 'failed']"  # the stopped run, told as failed
    survivor = next(worker for worker in workers if worker is not victim)
    log = stop_worker(survivor, signal.SIGTERM)
    line = (
        r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO  \[pyomero\.imports\.tasks\] "
        r"\(proc\.\d+\) import \S+ \(Experimenter:\d+, 1 path\(s\), run [12]\): "
        r"complete: Image:\d+ in [\d.]+ s$"
    )
    assert re.search(line, log, re.M), log  # one timestamped line per task
