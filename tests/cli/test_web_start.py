"""``omero web start``: real gunicorn (and development server) processes on free ports."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
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
    with live_server(omerodir, start=False) as server:
        yield server


def test_it_daemonises_and_serves_the_login_page(server: LiveServer, omero: Omero) -> None:
    result = omero("web", "start")
    assert result.code == 0, result.err
    assert "Starting OMERO.web... [OK]" in result.out
    page = fetch(server.url("/webclient/login/"))
    assert page.status == 200
    assert 'name="password"' in page.text
    pid = server.pid()
    assert pid is not None
    assert process_state(pid) == "ours"


def test_it_logs_to_omeroweb_log(server: LiveServer, omero: Omero) -> None:
    assert omero("web", "start").code == 0
    fetch(server.url("/webclient/login/"))
    log_dir = server.omerodir / "var" / "log"
    assert f"Listening at: http://127.0.0.1:{server.port}" in (log_dir / "OMEROweb.log").read_text()
    access_log = log_dir / "OMEROweb.access.log"
    deadline = time.monotonic() + 10  # a worker logs the request after answering it
    while "GET /webclient/login/" not in access_log.read_text():
        assert time.monotonic() < deadline, access_log.read_text()
        time.sleep(0.05)


def test_it_collects_static_files_into_static_root(server: LiveServer, omero: Omero) -> None:
    server.set("omero.web.static_root", "collected")
    result = omero("web", "start")
    assert result.code == 0, result.err
    assert f"copied to '{server.omerodir / 'collected'}'" in result.out
    assert (server.omerodir / "collected" / "web").is_dir()


def test_it_starts_gunicorn_with_the_configured_workers(server: LiveServer, omero: Omero) -> None:
    server.set("omero.web.wsgi_workers", "3")
    server.set("omero.web.wsgi_threads", "2")
    assert omero("web", "start").code == 0
    log = server.log_file.read_text()
    assert log.count("Booting worker") == 3
    assert "Using worker: gthread" in log


def test_it_refuses_to_start_twice(server: LiveServer, omero: Omero) -> None:
    assert omero("web", "start").code == 0
    pid = server.pid()
    again = omero("web", "start")
    assert again.code == web.ALREADY_RUNNING
    assert again.err == (
        f"omero web: OMERO.web is already running (PID {pid}): use 'omero web stop' or 'restart'\n"
    )
    assert server.pid() == pid


def test_it_replaces_a_stale_pid_file_of_a_dead_process(server: LiveServer, omero: Omero) -> None:
    dead = _dead_pid()
    server.pid_file.parent.mkdir(parents=True, exist_ok=True)
    server.pid_file.write_text(f"{dead}\n")
    result = omero("web", "start")
    assert result.code == 0, result.err
    assert f"Removed stale pid file {server.pid_file} (PID {dead} is not running)" in result.err
    assert server.pid() != dead
    assert fetch(server.url("/webclient/login/")).status == 200


def test_it_treats_a_pid_file_naming_another_program_as_stale(
    server: LiveServer, omero: Omero
) -> None:
    # The other program is this test run itself: alive for sure, and not OMERO.web.
    server.pid_file.parent.mkdir(parents=True, exist_ok=True)
    server.pid_file.write_text(f"{os.getpid()}\n")
    result = omero("web", "start")
    assert result.code == 0, result.err
    assert f"(PID {os.getpid()} is another program)" in result.err
    assert server.pid() != os.getpid()


def test_it_refuses_a_port_in_use_and_starts_nothing(server: LiveServer, omero: Omero) -> None:
    with socket.socket() as taken:
        taken.bind((server.host, server.port))
        taken.listen()
        result = omero("web", "start")
    assert result.code == web.PORT_IN_USE
    assert result.err == (
        f"omero web: port {server.port} on 127.0.0.1 is already in use "
        "(omero.web.application_server.port)\n"
    )
    assert not server.pid_file.exists()
    assert not (server.omerodir / "var" / "static").exists()


def test_it_refuses_an_invalid_value_stored_by_hand(server: LiveServer, omero: Omero) -> None:
    config_xml = server.omerodir / "etc" / "grid" / "config.xml"
    text = config_xml.read_text()
    config_xml.write_text(text.replace(f'value="{server.port}"', 'value="abc"'))
    result = omero("web", "start")
    assert result.code == web.INVALID_CONFIG
    assert result.err.count("\n") == 1
    assert "'abc' for omero.web.application_server.port" in result.err
    assert not server.pid_file.exists()


def test_it_fails_clearly_when_the_workers_cannot_boot(server: LiveServer, omero: Omero) -> None:
    server.set("omero.web.wsgi_args", "--env DJANGO_SETTINGS_MODULE=pyomero.no_such_settings")
    result = omero("web", "start")
    assert result.code == web.START_FAILED
    assert result.err == f"omero web: OMERO.web did not start: see {server.log_file}\n"
    assert "[FAILED]" in result.out
    assert "pyomero.no_such_settings" in server.log_file.read_text()
    assert not server.pid_file.exists()
    assert not port_is_open(server.host, server.port)


def test_it_reports_gunicorn_refusing_its_arguments(server: LiveServer, omero: Omero) -> None:
    server.set("omero.web.wsgi_args", "--no-such-option")
    result = omero("web", "start")
    assert result.code == web.START_FAILED
    assert result.err.startswith("omero web: OMERO.web did not start: ")
    assert "--no-such-option" in result.err
    assert result.err.count("\n") == 1


def test_it_runs_in_the_foreground_until_sigterm(server: LiveServer) -> None:
    with server.foreground() as process:
        assert fetch(server.url("/webclient/login/")).status == 200
        assert server.pid() == process.pid  # exec: the command became gunicorn
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    assert not server.pid_file.exists()


def test_it_runs_the_development_server_in_the_foreground(server: LiveServer, omero: Omero) -> None:
    server.set("omero.web.application_server", "development")
    with server.foreground(log=server.omerodir / "dev.out") as process:
        assert fetch(server.url("/webclient/login/")).status == 200
        assert omero("web", "status").out == f"OMERO.web status... [RUNNING] (PID {process.pid})\n"
        assert omero("web", "stop").code == 0
        assert process.wait(timeout=20) == 0  # SIGTERM: a clean exit, as gunicorn's
    assert "Starting the Django development server" in (server.omerodir / "dev.out").read_text()


def test_it_says_that_mod_wsgi_serves_the_wsgi_deployment(server: LiveServer, omero: Omero) -> None:
    server.set("omero.web.application_server", "wsgi")
    result = omero("web", "start")
    assert result.code == web.EXTERNAL_SERVER
    assert "mod_wsgi" in result.err
    assert (server.omerodir / "var" / "static" / "web").is_dir()
    assert not server.pid_file.exists()


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_it_refuses_wsgi_args_a_shell_could_not_split(server: LiveServer, omero: Omero) -> None:
    server.set("omero.web.wsgi_args", '--name "unclosed')
    result = omero("web", "start")
    assert result.code == web.INVALID_CONFIG
    assert result.err == "omero web: invalid value for omero.web.wsgi_args: No closing quotation\n"
    assert not server.pid_file.exists()
