"""``omero web stop`` and ``omero web restart``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pyomero.cli import web
from pyomero.cli.webserver import process_state
from pyomero.testing.live import LiveServer, fetch, live_server, port_is_open

if TYPE_CHECKING:
    from .conftest import Omero


@pytest.fixture
def server(omerodir: Path) -> Iterator[LiveServer]:
    with live_server(omerodir) as server:
        yield server


def test_it_stops_the_server_and_removes_the_pid_file(server: LiveServer, omero: Omero) -> None:
    pid = server.pid()
    result = omero("web", "stop")
    assert result.code == 0, result.err
    assert result.out == f"Stopping OMERO.web... [OK]\nOMERO.web workers (PID {pid}) stopped.\n"
    assert not server.pid_file.exists()
    assert not port_is_open(server.host, server.port)
    assert pid is not None
    assert process_state(pid) != "ours"  # gone (or its pid already reused)


def test_it_says_when_there_is_nothing_to_stop(server: LiveServer, omero: Omero) -> None:
    assert omero("web", "stop").code == 0
    again = omero("web", "stop")
    assert again.code == web.NOT_RUNNING
    assert again.err == "omero web: OMERO.web is not running\n"


def test_it_removes_a_stale_pid_file_instead_of_signalling(
    server: LiveServer, omero: Omero
) -> None:
    assert omero("web", "stop").code == 0
    server.pid_file.write_text("999999999\n")  # above any pid_max
    result = omero("web", "stop")
    assert result.code == web.NOT_RUNNING
    assert "(PID 999999999 is not running)" in result.err
    assert not server.pid_file.exists()


def test_it_restarts_with_a_new_process(server: LiveServer, omero: Omero) -> None:
    before = server.pid()
    result = omero("web", "restart", "--keep-sessions")
    assert result.code == 0, result.err
    assert "Stopping OMERO.web... [OK]" in result.out
    assert "Starting OMERO.web... [OK]" in result.out
    assert server.pid() not in (None, before)
    assert fetch(server.url("/webclient/login/")).status == 200


def test_it_restarts_a_stopped_server(server: LiveServer, omero: Omero) -> None:
    assert omero("web", "stop").code == 0
    result = omero("web", "restart")
    assert result.code == 0, result.err
    assert "Stopping" not in result.out
    assert fetch(server.url("/webclient/login/")).status == 200
