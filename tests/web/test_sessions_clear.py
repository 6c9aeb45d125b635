"""``omero web clearsessions`` deletes expired sessions and keeps live ones, on every engine."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.management import call_command
from django.test import Client

from pyomero.cli.main import main
from pyomero.conf import store_for
from pyomero.testing import services

ENGINES = ("file", "db", "cache", "cached_db")
# `omero web clearsessions` runs Django's command in a child process with the
# settings of $OMERODIR; the engines whose store that child shares with this
# test (files under $OMERODIR, Redis) prove the command end to end.
CLI_ENGINES = ("file", "cache")


@pytest.fixture
def engine(engine_name: str, configure, db: None, tmp_path: Path) -> Iterator[str]:
    """The engine the test is parametrized with, sessions expiring 2 s after last use."""
    name = engine_name
    stored = {
        "omero.web.session_engine": f"django.contrib.sessions.backends.{name}",
        "omero.web.session_cookie_age": "2",
    }
    with ExitStack() as stack:
        if name in ("cache", "cached_db"):
            cache = stack.enter_context(services.redis_cache())
            stored["omero.web.caches"] = json.dumps({"default": cache})
            # a shared session store needs the same key on every host (deployment checks)
            stored["omero.web.secret_key"] = "a-test-key-shared-by-every-host"
        configure(stored)
        store = store_for(tmp_path)
        for key, value in stored.items():
            store.set(key, value)
        yield name


def omero_web_clearsessions(omerodir: Path) -> None:
    # `main` in-process; it runs Django's command in a child with $OMERODIR's settings.
    with pytest.MonkeyPatch.context() as env:
        env.setenv("OMERODIR", str(omerodir))
        assert main(["web", "clearsessions"]) == 0


def django_clearsessions(omerodir: Path) -> None:
    call_command("clearsessions")


CASES = [
    *[pytest.param(django_clearsessions, name, id=f"django-{name}") for name in ENGINES],
    *[pytest.param(omero_web_clearsessions, name, id=f"cli-{name}") for name in CLI_ENGINES],
]


def new_session(**expiry: int) -> SessionBase:
    session: SessionBase = import_module(settings.SESSION_ENGINE).SessionStore()
    session["who"] = "visitor"
    if "seconds" in expiry:
        session.set_expiry(expiry["seconds"])
    session.save()
    return session


def exists(key: str) -> bool:
    store: SessionBase = import_module(settings.SESSION_ENGINE).SessionStore()
    return store.exists(key)


@pytest.mark.parametrize(("clearsessions", "engine_name"), CASES)
def test_it_deletes_expired_sessions_and_keeps_live_ones(
    engine: str, clearsessions: Callable[[Path], None], engine_name: str, tmp_path: Path
) -> None:
    expired = new_session()
    live = new_session(seconds=3600)
    time.sleep(2.2)
    # Redis drops the expired entry itself; the other stores keep it until cleared.
    assert exists(expired.session_key) is (engine != "cache")
    clearsessions(tmp_path)
    assert not exists(expired.session_key)
    assert exists(live.session_key)


@pytest.mark.parametrize("engine_name", ENGINES)
def test_it_keeps_a_signed_in_user_signed_in(
    engine: str, engine_name: str, sign_in, client: Client
) -> None:
    expired = new_session()
    time.sleep(2.2)
    sign_in(client)
    call_command("clearsessions")
    assert not exists(expired.session_key)
    page = client.get("/webclient/")
    assert page.status_code == 200
    assert b"Jane Doe" in page.content
