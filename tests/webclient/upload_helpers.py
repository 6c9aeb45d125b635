"""Helpers of the upload tests: an immediate task queue and a client speaking the protocol."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from pyomero.conf.config import Config
from pyomero.imports import tasks


@pytest.fixture
def immediate_tasks() -> Iterator[None]:
    """Background imports run at once in the caller; the previous queue comes back after."""
    before = tasks._queue
    tasks.configure("immediate")
    yield
    tasks._queue = before


@pytest.fixture
def upload_root(settings: Any, tmp_path: Path) -> Path:
    """``omero.upload.dir`` of this test only."""
    root = tmp_path / "uploads"
    config = settings.OMERO_CONFIG
    settings.OMERO_CONFIG = Config(
        {**config.stored, "omero.upload.dir": str(root)}, config.omerodir
    )
    return root


def start(client: Client, files: list[tuple[str, int]], **target: int) -> tuple[int, dict]:
    body = {"files": [{"name": n, "size": s} for n, s in files], **target}
    response = client.post("/webclient/upload/", json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def put(client: Client, upload_id: str, index: int, data: bytes, first: int, size: int):
    last = first + len(data) - 1
    return client.put(
        f"/webclient/upload/{upload_id}/{index}/",
        data,
        content_type="application/octet-stream",
        headers={"Content-Range": f"bytes {first}-{last}/{size}"},
    )


def finish(client: Client, upload_id: str, sha1: list[str] | None = None):
    body = json.dumps({"sha1": sha1 or []})
    return client.post(
        f"/webclient/upload/{upload_id}/finish/", body, content_type="application/json"
    )
