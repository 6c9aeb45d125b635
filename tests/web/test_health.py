"""``/healthz``, ``/readyz`` and ``/metrics``: what a load balancer and Prometheus ask."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from pyomero.conf.config import Config
from pyomero.web import health

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(settings: Any, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    configure(settings, **{"omero.data.dir": str(folder)})
    return folder


def configure(settings: Any, **values: str) -> None:
    config = settings.OMERO_CONFIG
    settings.OMERO_CONFIG = Config({**config.stored, **values}, config.omerodir)


def test_it_is_alive_without_signing_in(client: Client) -> None:
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})
    assert "no-cache" in response["Cache-Control"]


def test_it_is_ready_when_every_piece_answers(client: Client, data_dir: Path) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "cache": "ok", "tasks": "ok", "pixels": "ok"},
    }


def test_it_is_not_ready_without_its_data_directory(
    client: Client, settings: Any, tmp_path: Path
) -> None:
    configure(settings, **{"omero.data.dir": str(tmp_path / "not-mounted")})
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["pixels"] == (
        "omero.data.dir is not a directory on this host: not-mounted"
    )
    assert response.json()["checks"]["database"] == "ok"


def test_it_is_not_ready_when_the_task_queue_does_not_answer(
    client: Client, data_dir: Path
) -> None:
    from pyomero.imports import tasks

    before = tasks._queue
    tasks.configure("redis", url="redis://127.0.0.1:1/0")  # nothing listens there
    try:
        response = client.get("/readyz")
    finally:
        tasks._queue = before
    assert response.status_code == 503
    assert response.json()["checks"]["tasks"].startswith("ConnectionError: ")


def test_it_serves_metrics_to_allowed_networks_only(client: Client, settings: Any) -> None:
    client.get("/healthz")
    client.get("/healthz")

    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")

    assert response.status_code == 200
    text = response.content.decode()
    assert 'pyomero_request_duration_seconds_count{method="GET",view="healthz"}' in text
    assert "pyomero_task_queue_depth" in text
    assert 'pyomero_filesets{state="failed"}' in text
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.7").status_code == 403
    through_proxy = client.get(
        "/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4"
    )
    assert through_proxy.status_code == 403  # the client behind the proxy is not allowed
    networks = '["198.51.100.0/24", "127.0.0.1"]'
    configure(settings, **{"omero.web.metrics.allowed_networks": networks})
    allowed = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert allowed.status_code == 200


def test_it_counts_render_cache_hits() -> None:
    from pyomero import telemetry
    from pyomero.imaging.rendered import conditional

    before = telemetry.exposition().decode()
    for _ in range(2):
        conditional("etag-health-test", "image/png", (), lambda: b"png")
    after = telemetry.exposition().decode()

    def value(text: str, result: str) -> float:
        for line in text.splitlines():
            if line.startswith(f'pyomero_render_cache_requests_total{{result="{result}"}}'):
                return float(line.split()[-1])
        return 0.0

    assert value(after, "hit") - value(before, "hit") >= 1
    assert value(after, "miss") - value(before, "miss") >= 1


def test_an_allow_list_entry_must_be_a_network() -> None:
    assert health.client_allowed("10.1.2.3", "", ["10.0.0.0/8"])
    assert not health.client_allowed("not-an-ip", "", ["10.0.0.0/8"])
