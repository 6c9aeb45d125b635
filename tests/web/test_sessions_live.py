"""Cache sessions on a live gunicorn: signed in across its workers and ``omero web restart``.

Each server is started by ``omero web start`` (:mod:`pyomero.testing.live`) with
two workers; gunicorn logs the pid of the worker that served each request, so
the test sees that both workers answered the same cookie.
"""

from __future__ import annotations

import json
import re
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPMessage
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from pyomero.testing import services
from pyomero.testing.live import ROOT_PASSWORD, LiveServer, fetch, live_server, wait_for_port

CACHE_SESSIONS = "django.contrib.sessions.backends.cache"
GUIDE_MEMCACHED = "django.core.cache.backends.memcached.MemcachedCache"
ACCESS_FORMAT = "--access-logformat='%(p)s %(m)s %(U)s %(s)s'"


def cookies_of(headers: HTTPMessage) -> dict[str, str]:
    jar: dict[str, str] = {}
    for value in headers.get_all("Set-Cookie") or []:
        jar.update({name: morsel.value for name, morsel in SimpleCookie(value).items()})
    return jar


def sign_in(server: LiveServer) -> str:
    """root signs in through the login form; returns the session cookie's value."""
    page = fetch(server.url("/webclient/login/"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token, page.text[:500]
    csrf = cookies_of(page.headers)["csrftoken"]
    form = {"username": "root", "password": ROOT_PASSWORD, "csrfmiddlewaretoken": token[1]}
    response = fetch(
        server.url("/webclient/login/"),
        "POST",
        body=urllib.parse.urlencode(form).encode(),
        headers={
            "Cookie": f"csrftoken={csrf}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    assert response.status == 302, response.text[:500]
    return cookies_of(response.headers)["sessionid"]


def signed_in(server: LiveServer, session: str, requests: int = 24) -> list[bool]:
    """Send ``requests`` concurrent requests with the cookie; which were served signed in."""

    def one(_: int) -> bool:
        page = fetch(server.url("/webclient/"), headers={"Cookie": f"sessionid={session}"})
        return page.status == 200 and "Signed in as <strong>root</strong>" in page.text

    with ThreadPoolExecutor(max_workers=6) as pool:
        return list(pool.map(one, range(requests)))


def serving_pids(server: LiveServer) -> set[str]:
    log = server.log_file.with_name("OMEROweb.access.log").read_text()
    return {line.split()[0] for line in log.splitlines() if " GET /webclient/ 200" in line}


def assert_signed_in_on_both_workers(
    server: LiveServer, session: str, seen: frozenset[str] = frozenset()
) -> set[str]:
    """Every request is signed in, until two workers not in ``seen`` have answered."""
    deadline = time.monotonic() + 30  # a worker may still be booting
    while True:
        assert all(signed_in(server, session))
        pids = serving_pids(server) - seen
        if len(pids) >= 2:
            return pids
        assert time.monotonic() < deadline, f"only the worker(s) {pids} answered"
        time.sleep(0.2)


def restart(server: LiveServer) -> None:
    result = server.omero("web", "restart")
    assert result.returncode == 0, result.stderr
    wait_for_port(server.host, server.port)


@pytest.fixture
def redis_sessions() -> Iterator[dict[str, str]]:
    with services.redis_cache() as cache:
        yield {
            "omero.web.session_engine": CACHE_SESSIONS,
            "omero.web.caches": json.dumps({"default": cache}),
            "omero.web.secret_key": "a-key-every-host-shares",  # required: pyomero.web.E030
        }


@pytest.fixture
def memcached_sessions() -> Iterator[dict[str, str]]:
    """Memcached named as OMERO's guide names it (MemcachedCache, replaced by pyomero)."""
    with services.memcached() as location:
        cache = {"BACKEND": GUIDE_MEMCACHED, "LOCATION": location}
        yield {
            "omero.web.session_engine": CACHE_SESSIONS,
            "omero.web.caches": json.dumps({"default": cache}),
            "omero.web.secret_key": "a-key-every-host-shares",  # required: pyomero.web.E030
        }


def keeps_root_signed_in(tmp_path: Path, sessions: dict[str, str]) -> LiveServer:
    config = {**sessions, "omero.web.wsgi_workers": "2", "omero.web.wsgi_args": ACCESS_FORMAT}
    with live_server(tmp_path, config) as server:
        session = sign_in(server)
        before = assert_signed_in_on_both_workers(server, session)
        restart(server)
        assert_signed_in_on_both_workers(server, session, seen=frozenset(before))
    return server


def test_it_keeps_users_signed_in_across_workers_and_restarts_with_redis(
    tmp_path: Path, redis_sessions: dict[str, str]
) -> None:
    keeps_root_signed_in(tmp_path, redis_sessions)


def test_it_keeps_users_signed_in_across_workers_and_restarts_with_memcached(
    tmp_path: Path, memcached_sessions: dict[str, str]
) -> None:
    server = keeps_root_signed_in(tmp_path, memcached_sessions)
    assert "pyomero.web.W001" in server.log_file.read_text()  # the replacement is logged


def test_it_signs_everyone_out_on_restart_with_sessions_in_worker_memory(
    tmp_path: Path,
) -> None:
    # The control: the same test fails when the cache is not shared.
    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    config = {
        "omero.web.session_engine": CACHE_SESSIONS,
        "omero.web.caches": json.dumps(locmem),
        "omero.web.wsgi_workers": "1",
    }
    with live_server(tmp_path, config) as server:
        session = sign_in(server)
        assert all(signed_in(server, session, requests=3))
        restart(server)
        assert not any(signed_in(server, session, requests=3))
