"""``omero web clearsessions``, and the clean-up ``omero web start`` does first."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pyomero.cli import web
from pyomero.testing.live import LiveServer, live_server

if TYPE_CHECKING:
    from .conftest import Omero

MAKE_SESSIONS = """
    import json
    from datetime import timedelta
    from importlib import import_module
    from django.conf import settings

    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
    keys = {}
    for name, seconds in (("expired", -60), ("live", 3600)):
        session = SessionStore()
        session["name"] = name
        session.set_expiry(timedelta(seconds=seconds))
        session.save()
        keys[name] = session.session_key
    print(json.dumps(keys))
"""

EXISTING = """
    import json
    from importlib import import_module
    from django.conf import settings

    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
    print(json.dumps({{name: SessionStore().exists(key) for name, key in {keys!r}.items()}}))
"""


@pytest.fixture
def server(omerodir: Path) -> Iterator[LiveServer]:
    with live_server(omerodir, start=False) as server:
        yield server


def _sessions(server: LiveServer) -> dict[str, str]:
    keys: dict[str, str] = json.loads(server.python(MAKE_SESSIONS))
    assert _existing(server, keys) == {"expired": True, "live": True}
    return keys


def _existing(server: LiveServer, keys: dict[str, str]) -> dict[str, bool]:
    existing: dict[str, bool] = json.loads(server.python(EXISTING.format(keys=keys)))
    return existing


@pytest.mark.parametrize(
    "engine",
    ["django.contrib.sessions.backends.file", "django.contrib.sessions.backends.db"],
)
def test_it_deletes_expired_sessions_and_keeps_live_ones(
    server: LiveServer, omero: Omero, engine: str
) -> None:
    server.set("omero.web.session_engine", engine)
    keys = _sessions(server)
    result = omero("web", "clearsessions")
    assert result.code == 0, result.err
    assert result.out == "Clearing expired sessions... [OK]\n"
    assert _existing(server, keys) == {"expired": False, "live": True}


def test_it_keeps_file_sessions_under_var(server: LiveServer) -> None:
    keys = _sessions(server)
    files = {path.name for path in (server.omerodir / "var" / "sessions").iterdir()}
    assert {f"sessionid{key}" for key in keys.values()} <= files


def test_start_clears_expired_sessions(server: LiveServer, omero: Omero) -> None:
    keys = _sessions(server)
    assert omero("web", "start").code == 0
    assert _existing(server, keys) == {"expired": False, "live": True}


def test_start_keeps_sessions_when_asked(server: LiveServer, omero: Omero) -> None:
    keys = _sessions(server)
    result = omero("web", "start", "--keep-sessions")
    assert result.code == 0, result.err
    assert "Clearing" not in result.out
    assert _existing(server, keys) == {"expired": True, "live": True}


def test_it_fails_in_one_line(server: LiveServer, omero: Omero) -> None:
    server.set("omero.web.session_engine", "django.contrib.sessions.backends.db")
    server.set("omero.db.name", str(server.omerodir / "missing" / "dir" / "x.sqlite3"))
    (server.omerodir / "missing").write_text("a file where a directory should be")
    result = omero("web", "clearsessions")
    assert result.code == web.COMMAND_FAILED
    assert result.err.startswith("omero web: cannot clear expired sessions: ")
    assert result.err.count("\n") == 1
