"""The activities the webclient polls show how far a running import is."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from huey import Huey
from tests.webclient.helpers import SignedIn, Tree
from tests.webclient.upload_helpers import finish, put, start, upload_root

from pyomero.conf.config import Config
from pyomero.imports import tasks
from pyomero.imports.results import ImportProgress
from pyomero.pixels import synthetic as syn

__all__ = ["upload_root"]


@pytest.fixture
def queue(tmp_path: Path, settings: Any) -> Iterator[Huey]:
    """The server's ``thread`` queue, worked by the test itself; a data directory of the
    test's own (pixel ids restart with each test)."""
    root = settings.OMERO_CONFIG.omerodir
    settings.OMERO_CONFIG = Config({"omero.data.dir": str(tmp_path / "data")}, root)
    before = tasks._queue
    yield tasks.configure("thread", path=tmp_path / "tasks.sqlite3")
    tasks._queue = before


def test_it_shows_the_planes_written_while_the_upload_is_imported(
    signed_in: SignedIn,
    tree: Tree,
    upload_root: Path,
    queue: Huey,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = signed_in("owner")
    path = tmp_path / "stack.ome.tif"
    syn.write_ome_tiff(path, syn.synthetic_metadata(64, 48, size_z=4, size_c=2))
    data = path.read_bytes()
    _, started = start(client, [("run/stack.ome.tif", len(data))], dataset=tree.dataset.pk)
    put(client, started["id"], 0, data, 0, len(data))
    queued = finish(client, started["id"]).json()
    assert (queued["status"], queued["progress"]) == ("importing", None)  # not started yet

    seen: list[dict[str, Any]] = []
    publish = tasks._Publisher.__call__

    def publish_and_poll(self: Any, event: ImportProgress) -> None:
        publish(self, event)
        if threading.current_thread() is threading.main_thread() and event.planes_done:
            seen.append(client.get("/webclient/activities/").json()["activities"][0])

    monkeypatch.setattr(tasks, "PROGRESS_INTERVAL", 0.0)
    monkeypatch.setattr(tasks._Publisher, "__call__", publish_and_poll)
    queue.execute(queue.dequeue())  # what the server's consumer does

    assert seen, "no progress was polled"
    progress = seen[0]["progress"]
    assert seen[0]["status"] == "importing"
    assert (progress["file"], progress["stage"]) == ("run/stack.ome.tif", "pixels")
    assert progress["planes_total"] == 8  # 4 Z x 2 C, one level
    assert [a["progress"]["planes_done"] for a in seen] == sorted(
        a["progress"]["planes_done"] for a in seen
    )
    assert progress["bytes_total"] == len(data)
    (done,) = client.get("/webclient/activities/").json()["activities"]
    assert (done["status"], done["progress"]) == ("complete", None)
