"""Uploads imported by the server's own task consumer, which stops with the server.

Against real started servers: gunicorn daemonised (``omero web start``), gunicorn in the
foreground (systemd), Django's development server, all with the default ``thread``
backend; and the ``redis`` backend with a separate ``omero admin worker``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pyomero.cli.remote_import import Remote, send_file
from pyomero.pixels import synthetic as syn
from pyomero.testing.hosts import redis_queue_config
from pyomero.testing.live import LiveServer, live_server

PASSWORD = "background-password"
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
WAIT = 120.0  # seconds an import may take on a loaded machine before the test gives up
STOPPED = 20.0  # gunicorn's graceful timeout is 30 s: a worker that ignores SIGTERM exceeds it


@pytest.fixture(scope="module")
def tiff(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("background") / "cells.ome.tif"
    syn.write_ome_tiff(path, syn.synthetic_metadata(40, 30, size_c=2))
    return path


def upload(live: LiveServer, dataset: int, path: Path) -> dict[str, object]:
    """Upload ``path`` as the webclient does; the activity once the import is over."""
    remote = Remote(live.url("/"))
    remote.login("alice", PASSWORD)
    files = {"files": [{"name": path.name, "size": path.stat().st_size}], "dataset": dataset}
    started = remote.send_json("/webclient/upload/", files)
    sha1 = send_file(remote, started["id"], 0, path)
    activity = remote.send_json(f"/webclient/upload/{started['id']}/finish/", {"sha1": [sha1]})
    deadline = time.monotonic() + WAIT
    while activity["status"] == "importing":
        assert time.monotonic() < deadline, f"nothing imported the upload: {activity}"
        time.sleep(0.5)
        found = remote.call("GET", "/webclient/activities/")["activities"]
        activity = next(a for a in found if a["id"] == started["id"])
    return dict(activity)


def image_names(live: LiveServer, ids: list[int]) -> list[str]:
    code = f"""
import json
from pyomero.model.models import Image
print(json.dumps(sorted(Image.objects.filter(pk__in={ids!r}).values_list("name", flat=True))))
"""
    names: list[str] = json.loads(live.python(code))
    return names


def check_imported(live: LiveServer, dataset: int, tiff: Path) -> None:
    activity = upload(live, dataset, tiff)
    assert activity["status"] == "complete", activity
    ids = [image["id"] for image in activity["images"]]  # type: ignore[attr-defined]
    assert image_names(live, ids) == ["synthetic"]  # the name its OME-XML gives


def test_it_imports_uploads_in_gunicorn_and_still_stops_at_once(tmp_path: Path, tiff: Path) -> None:
    with live_server(tmp_path / "omero") as live:
        dataset = int(live.python(SETUP).strip())
        check_imported(live, dataset, tiff)

        stopped = live.omero("web", "stop", timeout=STOPPED)

        assert stopped.returncode == 0, stopped.stderr
        assert "[OK]" in stopped.stdout
        assert "SIGKILL" not in live.log_file.read_text()


def test_it_imports_uploads_in_the_development_server_and_ends_on_sigterm(
    tmp_path: Path, tiff: Path
) -> None:
    config = {"omero.web.application_server": "development"}
    with live_server(tmp_path / "omero", config, start=False) as live:
        dataset = int(live.python(SETUP).strip())
        with live.foreground() as process:  # start runs the development server itself
            check_imported(live, dataset, tiff)

            process.send_signal(signal.SIGTERM)

            assert process.wait(timeout=STOPPED) == 0  # it exited, cleanly: not killed


@pytest.fixture
def redis_queue() -> Iterator[dict[str, str]]:
    with redis_queue_config() as config:
        yield config


def test_it_imports_uploads_with_a_separate_redis_worker(
    tmp_path: Path, tiff: Path, redis_queue: dict[str, str]
) -> None:
    with live_server(tmp_path / "omero", redis_queue) as live:
        dataset = int(live.python(SETUP).strip())
        env = {**os.environ, "OMERODIR": str(live.omerodir)}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        worker = subprocess.Popen(
            [sys.executable, "-m", "pyomero.cli", "admin", "worker"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            check_imported(live, dataset, tiff)
        finally:
            worker.send_signal(signal.SIGTERM)
            out, _ = worker.communicate(timeout=STOPPED)
        assert worker.returncode == 0, out
        assert "Worker stopped." in out
