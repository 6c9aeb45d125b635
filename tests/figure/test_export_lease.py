"""A figure export is at least once, as an import is: a dead worker's export runs
again; one whose workers kept dying fails its activity instead of hanging "running"."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from huey import Huey
from tests.figure.test_export import figure_of, panel

from pyomero.imaging import figure_export
from pyomero.imports import leases, tasks
from pyomero.model.models import Activity, ActivityStatus, Annotation, Image


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


def run_and_die(huey: Huey, monkeypatch: pytest.MonkeyPatch) -> None:
    def killed(*args: Any, **kwargs: Any) -> None:
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(figure_export, "export_figure", killed)
        patch.setattr(leases, "release", lambda *args, **kwargs: None)
        with pytest.raises(Killed):
            huey.execute(huey.dequeue())
    leases._held.clear()  # the process is gone: nobody renews its lease


def export(owner: Client, image: Image) -> Activity:
    body = {"figureJSON": json.dumps(figure_of(panel(owner, image))), "exportOption": "PDF"}
    job = owner.post("/figure/make_web_figure/", body).json()["jobId"]
    return Activity.objects.get(pk=int(job.removeprefix("export-")))


def test_a_dead_workers_export_runs_again_and_finishes(
    queue: Huey, owner: Client, image: Image, monkeypatch: pytest.MonkeyPatch
) -> None:
    activity = export(owner, image)
    run_and_die(queue, monkeypatch)
    later = time.time() + leases.LEASE_TTL + 1

    reaped = leases.reap(queue, tasks.clean_filesets, now=later, given_up=tasks.given_up)

    assert len(reaped.requeued) == 1
    queue.execute(queue.dequeue())  # another worker
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DONE
    assert Annotation.objects.filter(ns=figure_export.EXPORT_NS).count() == 1


def test_an_export_whose_workers_kept_dying_fails_its_activity(
    queue: Huey, owner: Client, image: Image, monkeypatch: pytest.MonkeyPatch
) -> None:
    activity = export(owner, image)
    later = time.time() + leases.LEASE_TTL + 1
    for _ in range(leases.MAX_ATTEMPTS - 1):
        run_and_die(queue, monkeypatch)
        leases.reap(queue, tasks.clean_filesets, now=later, given_up=tasks.given_up)
    run_and_die(queue, monkeypatch)

    reaped = leases.reap(queue, tasks.clean_filesets, now=later, given_up=tasks.given_up)

    assert len(reaped.failed) == 1
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.FAILED
    assert "export was interrupted" in activity.error
    reported = owner.get("/webclient/activities_json/").json()[f"export-{activity.pk}"]
    assert (reported["status"], reported["error"]) == ("finished", 1)
    assert not Annotation.objects.filter(ns=figure_export.EXPORT_NS).exists()
