"""``pyomero.testing.live``: a live server that always ends what it started."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from pyomero.cli.webserver import process_state
from pyomero.testing.live import fetch, free_port, live_server, port_is_open


def test_free_port_gives_a_port_that_can_be_bound() -> None:
    port = free_port()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))


def test_it_serves_and_gives_the_root_password(tmp_path: Path) -> None:
    with live_server(tmp_path, root_password="another-password") as server:
        assert server.root_password == "another-password"
        assert fetch(server.url("/webclient/login/")).status == 200
        assert server.omero("web", "status").returncode == 0
    assert not port_is_open(server.host, server.port)


def test_it_stops_the_server_when_the_block_raises(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), live_server(tmp_path) as server:
        pid = server.pid()
        raise RuntimeError("a failing test")
    assert pid is not None
    assert process_state(pid) != "ours"  # gone (or its pid already reused)
    assert not port_is_open(server.host, server.port)


def test_it_ends_a_server_whose_pid_file_was_lost(tmp_path: Path) -> None:
    with live_server(tmp_path) as server:
        pid = server.pid()
        server.pid_file.unlink()
    assert pid is not None
    assert process_state(pid) != "ours"  # gone (or its pid already reused)
    assert not port_is_open(server.host, server.port)


def test_it_ends_a_foreground_server_when_the_block_raises(tmp_path: Path) -> None:
    with live_server(tmp_path, start=False) as server:
        with pytest.raises(RuntimeError), server.foreground() as process:
            raise RuntimeError("a failing test")
        assert process.returncode is not None
    assert not port_is_open(server.host, server.port)
