"""Failed logins are throttled per account and per client address, on every worker.

A live gunicorn with two workers (``omero web start``) logs the pid of the worker
that answered each request, so the tests see that both workers refuse a throttled
account: the counters live in the database, not in a worker's memory.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from tests.security.conftest import Browser, csrf_of

from pyomero.testing.live import ROOT_PASSWORD, LiveServer, Response, live_server

ACCESS_FORMAT = "--access-logformat='%(p)s %(m)s %(U)s %(s)s'"
WINDOW_MS = 4000
THROTTLE = {
    "omero.security.login_failure_throttle_count": "2",
    "omero.security.login_failure_throttle_time": str(WINDOW_MS),
    "omero.web.wsgi_workers": "2",
    "omero.web.wsgi_args": ACCESS_FORMAT,
}


@pytest.fixture
def server(tmp_path: Path, live_db: dict[str, str]) -> Iterator[LiveServer]:
    with live_server(tmp_path, {**live_db, **THROTTLE}) as started:
        yield started


def api_login(browser: Browser, username: str, password: str) -> Response:
    return browser.post_json("/api/v0/login/", {"username": username, "password": password})


def form_login(browser: Browser, username: str, password: str) -> Response:
    page = browser.get("/webclient/login/")
    data = {"username": username, "password": password, "csrfmiddlewaretoken": csrf_of(page)}
    return browser.post_form("/webclient/login/", data)


def answering_pids(server: LiveServer, status: int) -> set[str]:
    log = server.log_file.with_name("OMEROweb.access.log").read_text()
    return {line.split()[0] for line in log.splitlines() if f" /api/v0/login/ {status}" in line}


def many(count: int, attempt: object) -> list[Response]:
    with ThreadPoolExecutor(max_workers=6) as pool:
        return list(pool.map(lambda _: attempt(), range(count)))  # type: ignore[operator]


def test_it_throttles_an_account_on_both_workers_and_lets_it_in_after_the_window(
    server: LiveServer,
) -> None:
    browser = Browser(server)
    assert [api_login(browser, "root", "wrong").status for _ in range(3)] == [403] * 3
    refused = many(24, lambda: api_login(Browser(server), "root", ROOT_PASSWORD))
    assert {r.status for r in refused} == {429}  # even the right password
    assert all(1 <= int(r.headers["Retry-After"]) <= WINDOW_MS // 1000 for r in refused)
    assert "try again in" in json.loads(refused[0].body)["message"]
    assert len(answering_pids(server, 429)) == 2, "both workers must refuse"
    time.sleep(int(refused[-1].headers["Retry-After"]) + 0.2)
    signed_in = api_login(Browser(server), "root", ROOT_PASSWORD)
    assert signed_in.status == 200, signed_in.text
    assert json.loads(signed_in.body)["eventContext"]["userName"] == "root"


def test_it_refuses_a_hundred_guesses_then_lets_the_owner_in_once_they_stop(
    server: LiveServer,
) -> None:
    browser = Browser(server)
    statuses = [api_login(browser, "root", f"guess-{n}").status for n in range(100)]
    assert statuses[:3] == [403] * 3
    assert set(statuses[3:]) == {429}
    # The lockout lasts one window after the last guess, no longer.
    time.sleep(WINDOW_MS / 1000 + 0.2)
    assert api_login(Browser(server), "root", ROOT_PASSWORD).status == 200


def test_the_login_form_shows_the_wait(server: LiveServer) -> None:
    browser = Browser(server)
    for _ in range(3):
        assert form_login(browser, "root", "wrong").status == 200  # the form, as OMERO
    page = form_login(browser, "root", ROOT_PASSWORD)
    assert page.status == 429
    assert page.headers["Retry-After"]
    assert "Too many failed sign-ins: try again in" in page.text
    assert "sessionid" not in browser.cookies


def test_it_throttles_an_address_guessing_many_accounts(server: LiveServer) -> None:
    browser = Browser(server)
    for name in ("ann", "bob", "cid"):
        assert api_login(browser, name, "wrong").status == 403
    assert api_login(browser, "root", ROOT_PASSWORD).status == 429
    # Another client (behind the trusted local proxy) is not slowed.
    other = Browser(server, headers={"X-Forwarded-For": "192.0.2.7"})
    assert api_login(other, "root", ROOT_PASSWORD).status == 200


def test_successful_logins_are_never_refused_and_clear_the_account_count(
    server: LiveServer,
) -> None:
    for n in range(3):  # two mistakes, then the right password: below the threshold
        other = Browser(server, headers={"X-Forwarded-For": f"192.0.2.{n + 10}"})
        assert [api_login(other, "root", "typo").status for _ in range(2)] == [403, 403]
        assert api_login(other, "root", ROOT_PASSWORD).status == 200
    assert {
        r.status for r in many(10, lambda: api_login(Browser(server), "root", ROOT_PASSWORD))
    } == {200}
    assert answering_pids(server, 429) == set()
