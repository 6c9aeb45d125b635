"""Pieces of a deployment for tests: a task queue of its own on the real Redis, workers
(``omero admin worker``), a user with a dataset, uploads as the webclient sends them.

::

    with redis_queue_config() as queue:                  # omero.tasks.* keys
        with live_server(tmp_path / "web", queue) as live:
            dataset = int(live.python(SETUP).strip())
            worker = start_worker(live.omerodir)
            remote, upload_id = start_upload(live.url("/"), dataset, path)
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pyomero.cli.remote_import import Remote, send_file
from pyomero.testing.live import LiveServer
from pyomero.testing.services import REDIS_URL, unavailable

PASSWORD = "hosts-password"
#: Run in a server's Django (``LiveServer.python``): a group, alice in it, her dataset id.
SETUP = f"""
from pyomero.model.actions import create_experimenter, do_create_dataset, do_create_group
from pyomero.model.context import event_context
from pyomero.model.models import Experimenter
root = Experimenter.objects.get(ome_name="root")
lab = do_create_group(event_context(root, -1), "lab", "read-annotate")
alice = create_experimenter("alice", first_name="A", last_name="L", password={PASSWORD!r},
                            groups=[lab])
print(do_create_dataset(event_context(alice, lab), "Day 1").pk)
"""
WAIT = 180.0  # seconds an import may take on a loaded machine


@contextmanager
def redis_queue_config() -> Iterator[dict[str, str]]:
    """``omero.tasks.*`` for a queue of its own on the real Redis, removed afterwards."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        unavailable(f"Redis is not reachable at {REDIS_URL}: {exc}")
    name = f"pyomero-test-{uuid.uuid4().hex[:12]}"
    try:
        yield {
            "omero.tasks.backend": "redis",
            "omero.tasks.redis_url": REDIS_URL,
            "omero.tasks.queue_name": name,
        }
    finally:
        keys = list(client.scan_iter(match=f"*{name}*"))
        if keys:
            client.delete(*keys)
        client.close()


def start_worker(
    omerodir: Path, env: Mapping[str, str] | None = None, log: Path | None = None
) -> subprocess.Popen[str]:
    """``omero admin worker`` for ``omerodir``, once it consumes."""
    child = {**os.environ, "OMERODIR": str(omerodir), **(env or {})}
    child.pop("DJANGO_SETTINGS_MODULE", None)
    worker = subprocess.Popen(
        [sys.executable, "-m", "pyomero.cli", "admin", "worker"],
        env=child,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT if log is None else log.open("a"),
        text=True,
    )
    assert worker.stdout is not None
    seen = ""
    while "Worker consuming" not in seen:  # its log lines come first
        line = worker.stdout.readline()
        if not line:
            worker.kill()
            raise RuntimeError(f"the worker did not start: {seen}{worker.communicate()[0]}")
        seen += line
    return worker


def stop_worker(worker: subprocess.Popen[str], signum: int = signal.SIGKILL) -> str:
    """Stop the worker (if it still runs); everything it printed."""
    if worker.poll() is None:
        worker.send_signal(signum)
    try:
        return worker.communicate(timeout=60)[0] or ""
    except subprocess.TimeoutExpired:
        worker.kill()
        return worker.communicate(timeout=30)[0] or ""


def login(base_url: str) -> Remote:
    remote = Remote(base_url)
    remote.login("alice", PASSWORD)
    return remote


def start_upload(base_url: str, dataset: int, path: Path) -> tuple[Remote, str]:
    """Send ``path`` as the webclient does and finish it: (alice's client, upload id)."""
    remote = login(base_url)
    files = {"files": [{"name": path.name, "size": path.stat().st_size}], "dataset": dataset}
    started = remote.send_json("/webclient/upload/", files)
    sha1 = send_file(remote, started["id"], 0, path)
    remote.send_json(f"/webclient/upload/{started['id']}/finish/", {"sha1": [sha1]})
    return remote, str(started["id"])


def outcome(remote: Remote, upload_id: str, wait: float = WAIT) -> dict[str, Any]:
    """The upload's activity once its import is over, with the highest run seen
    (``attempts``: above 1 when a dead worker's run was queued again)."""
    deadline = time.monotonic() + wait
    attempts = {1}
    while True:
        found = remote.call("GET", "/webclient/activities/")["activities"]
        activity: dict[str, Any] = next(a for a in found if a["id"] == upload_id)
        if activity["status"] != "importing":
            activity["attempts"] = max(attempts)
            return activity
        attempts.add(int((activity.get("progress") or {}).get("attempt") or 1))
        if time.monotonic() > deadline:
            raise AssertionError(f"the import never ended: {activity}")
        time.sleep(0.2)


def image_names(live: LiveServer, ids: list[int]) -> list[str]:
    code = f"""
import json
from pyomero.model.models import Image
print(json.dumps(sorted(Image.objects.filter(pk__in={ids!r}).values_list("name", flat=True))))
"""
    names: list[str] = json.loads(live.python(code))
    return names
