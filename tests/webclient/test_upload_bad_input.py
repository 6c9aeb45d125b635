"""The web upload refuses bad input with a message, and leaves nothing behind."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from tests.webclient.helpers import SignedIn, Tree
from tests.webclient.upload_helpers import finish, immediate_tasks, put, start, upload_root

from pyomero.imports.uploads import clear_expired_uploads

__all__ = ["immediate_tasks", "upload_root"]
pytestmark = pytest.mark.usefixtures("immediate_tasks", "upload_root")


FILE = [{"name": "a", "size": 1}]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"files": FILE}, "choose one target"),
        ({"files": FILE, "dataset": "DATASET", "screen": 1}, "choose one target"),
        ({"files": "a", "dataset": "DATASET"}, "files must be a list"),
        ({"files": [], "dataset": "DATASET"}, "between 1 and"),
        ({"files": [{"name": "a", "size": -1}], "dataset": "DATASET"}, "size must be"),
        ({"files": [{"name": "../a", "size": 1}], "dataset": "DATASET"}, "bad file name"),
        ({"files": [{"name": "/etc/a", "size": 1}], "dataset": "DATASET"}, "bad file name"),
        ({"files": FILE + FILE, "dataset": "DATASET"}, "distinct"),
        ({"files": FILE, "dataset": "x"}, "dataset must be"),
    ],
)
def test_it_refuses_a_bad_start(signed_in: SignedIn, tree: Tree, body: dict, message: str) -> None:
    body = {k: tree.dataset.pk if v == "DATASET" else v for k, v in body.items()}
    response = signed_in("owner").post(
        "/webclient/upload/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_it_refuses_a_body_that_is_not_json(signed_in: SignedIn) -> None:
    response = signed_in("owner").post("/webclient/upload/", "{", content_type="application/json")
    assert response.status_code == 400


def test_it_answers_an_unknown_dataset_as_missing(signed_in: SignedIn) -> None:
    assert start(signed_in("owner"), [("a", 1)], dataset=99999)[0] == 404


@pytest.fixture
def started(signed_in: SignedIn, tree: Tree) -> str:
    return start(signed_in("owner"), [("a.bin", 10)], dataset=tree.dataset.pk)[1]["id"]


@pytest.mark.parametrize(
    ("data", "first", "size", "message"),
    [
        (b"x" * 11, 0, 10, "outside 0-10"),
        (b"x" * 11, 0, 11, "declared as 10 bytes, not 11"),
        (b"x" * 5, 6, 10, "outside"),
        (b"x" * 2, 3, 10, "only 0 bytes arrived"),
    ],
)
def test_it_refuses_a_bad_range(
    signed_in: SignedIn, started: str, data: bytes, first: int, size: int, message: str
) -> None:
    response = put(signed_in("owner"), started, 0, data, first, size)
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_it_refuses_a_chunk_without_content_range(signed_in: SignedIn, started: str) -> None:
    response = signed_in("owner").put(
        f"/webclient/upload/{started}/0/", b"abc", content_type="application/octet-stream"
    )
    assert response.status_code == 400
    assert "Content-Range" in response.json()["message"]


def test_it_answers_an_unknown_upload_or_file_as_missing(signed_in: SignedIn, started: str) -> None:
    client = signed_in("owner")
    assert client.get("/webclient/upload/" + "0" * 32 + "/0/").status_code == 404
    assert client.get("/webclient/upload/nope/0/").status_code == 404
    assert client.get(f"/webclient/upload/{started}/1/").status_code == 404
    assert finish(client, "0" * 32).status_code == 404


def test_it_refuses_to_finish_an_incomplete_upload(signed_in: SignedIn, started: str) -> None:
    client = signed_in("owner")
    put(client, started, 0, b"abc", 0, 10)
    response = finish(client, started)
    assert response.status_code == 400
    assert "3 of 10 bytes arrived" in response.json()["message"]


def test_it_refuses_a_wrong_sha1(signed_in: SignedIn, started: str) -> None:
    client = signed_in("owner")
    put(client, started, 0, b"0123456789", 0, 10)
    response = finish(client, started, ["0" * 40])
    assert response.status_code == 400
    assert "SHA-1" in response.json()["message"]


def test_it_refuses_chunks_after_finish(signed_in: SignedIn, started: str) -> None:
    client = signed_in("owner")
    put(client, started, 0, b"0123456789", 0, 10)
    finish(client, started)
    assert put(client, started, 0, b"0", 0, 10).status_code in (400, 404)


def test_it_removes_abandoned_uploads(started: str, upload_root: Path) -> None:
    assert clear_expired_uploads(upload_root, now=time.time()) == 0
    assert clear_expired_uploads(upload_root, now=time.time() + 2 * 24 * 3600) == 1
    assert not (upload_root / started).exists()
