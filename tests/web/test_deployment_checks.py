"""Sessions shared between hosts need one secret key everywhere: pyomero.web.E030, and
``omero web start`` refuses to start without it (a host with a key of its own would
sign everyone out of the others)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.checks import run_checks

from pyomero.testing.live import omero, prepare_server

REDIS = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://h:6379"}
SHARED = {
    "omero.web.session_engine": "django.contrib.sessions.backends.cache",
    "omero.web.caches": json.dumps({"default": REDIS}),
}


def found() -> list[object]:
    return list(run_checks(tags=["pyomero"], include_deployment_checks=True))


def ids() -> list[str]:
    return [m.id for m in found() if m.id.startswith("pyomero.web.E03")]


def test_it_refuses_shared_sessions_with_a_generated_key(configure) -> None:
    configure(SHARED)
    (message,) = [m for m in found() if m.id == "pyomero.web.E030"]  # type: ignore[attr-defined]
    assert not [m for m in run_checks(tags=["pyomero"]) if m.id == "pyomero.web.E030"]
    assert message.msg == (
        "omero.web.secret_key is not set but OMERO.web keeps sessions in the shared cache "
        "redis://h:6379: each host would sign sessions with a key of its own and sign "
        "everyone out of the others."
    )
    assert "omero config set omero.web.secret_key" in message.hint


@pytest.mark.parametrize(
    "config",
    [
        {**SHARED, "omero.web.secret_key": "the same on every host"},
        {},  # file sessions: one host
        {
            "omero.web.session_engine": "django.contrib.sessions.backends.cache",
            "omero.web.caches": json.dumps(
                {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
            ),
        },
    ],
    ids=["key-set", "file-sessions", "memory-sessions"],
)
def test_it_accepts_a_key_or_sessions_of_one_host(configure, config: dict[str, str]) -> None:
    configure(config)
    assert ids() == []


def test_it_says_so_for_sessions_in_postgresql(configure) -> None:
    configure(
        {
            "omero.web.session_engine": "django.contrib.sessions.backends.db",
            "omero.db.engine": "postgresql",
        }
    )
    assert ids() == ["pyomero.web.E030"]


def test_omero_web_start_refuses_it(tmp_path: Path) -> None:
    server = prepare_server(tmp_path, SHARED, database=False)

    result = omero(server.omerodir, "web", "start")

    assert result.returncode == 13, result.stdout + result.stderr
    assert result.stderr.startswith("omero web: omero.web.secret_key is not set but")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not server.pid_file.exists()
