"""Readiness of a started server follows its database: 503 while PostgreSQL is stopped or
the schema is behind, 200 once it answers again; liveness stays 200 throughout. Metrics
are summed over gunicorn's worker processes."""

from __future__ import annotations

import json
import time
from pathlib import Path

from pyomero.testing.live import fetch, live_server, prepare_server
from pyomero.testing.postgres import private_postgres


def ready(url: str) -> tuple[int, dict[str, object]]:
    response = fetch(url, timeout=30)
    return response.status, json.loads(response.body)


def wait_for(url: str, status: int, seconds: float = 60) -> dict[str, object]:
    deadline = time.monotonic() + seconds
    while True:
        found, body = ready(url)
        if found == status:
            return body
        if time.monotonic() > deadline:
            raise AssertionError(f"/readyz stayed {found}: {body}")
        time.sleep(0.5)


def test_readiness_follows_the_database(tmp_path: Path) -> None:
    with private_postgres() as db:
        db.create_database("omero")
        (tmp_path / "omero" / "var" / "data").mkdir(parents=True)
        with live_server(tmp_path / "omero", db.omero_config()) as live:
            assert ready(live.url("/readyz"))[0] == 200

            db.stop()
            body = wait_for(live.url("/readyz"), 503)
            assert body["status"] == "unavailable"
            assert str(body["checks"]["database"]).startswith("OperationalError")  # type: ignore[index]
            assert fetch(live.url("/healthz")).status == 200  # alive: do not restart it

            db.start()
            body = wait_for(live.url("/readyz"), 200)
            assert body["checks"] == {
                "database": "ok",
                "cache": "ok",
                "tasks": "ok",
                "pixels": "ok",
            }


def test_readiness_says_the_schema_is_behind(tmp_path: Path) -> None:
    with private_postgres() as db:
        db.create_database("omero")
        server = prepare_server(tmp_path / "omero", db.omero_config(), database=False)
        (tmp_path / "omero" / "var" / "data").mkdir(parents=True)
        try:
            server.start()
            status, body = ready(server.url("/readyz"))
            assert status == 503
            assert str(body["checks"]["database"]).startswith(  # type: ignore[index]
                "the schema is not current: "
            )
            assert str(body["checks"]["database"]).endswith("(omero db upgrade)")  # type: ignore[index]
        finally:
            server.kill()


def test_metrics_add_up_every_worker_process(tmp_path: Path) -> None:
    (tmp_path / "omero" / "var" / "data").mkdir(parents=True)
    with live_server(tmp_path / "omero", {"omero.web.wsgi_workers": "2"}) as live:
        for _ in range(40):  # spread over both workers
            assert fetch(live.url("/healthz")).status == 200

        text = fetch(live.url("/metrics")).text

        line = next(
            line
            for line in text.splitlines()
            if line.startswith(
                'pyomero_request_duration_seconds_count{method="GET",view="healthz"}'
            )
        )
        assert float(line.split()[-1]) == 40.0
