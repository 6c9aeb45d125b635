"""``omero web status``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pyomero.cli import web
from pyomero.testing.live import LiveServer, live_server

if TYPE_CHECKING:
    from .conftest import Omero


@pytest.fixture
def server(omerodir: Path) -> Iterator[LiveServer]:
    with live_server(omerodir, start=False) as server:
        yield server


def test_it_says_running_with_the_pid(server: LiveServer, omero: Omero) -> None:
    server.start()
    result = omero("web", "status")
    assert result.code == 0
    assert result.out == f"OMERO.web status... [RUNNING] (PID {server.pid()})\n"


def test_it_says_not_started(server: LiveServer, omero: Omero) -> None:
    result = omero("web", "status")
    assert result.code == web.NOT_RUNNING
    assert result.out == "OMERO.web status... [NOT STARTED]\n"


def test_it_says_not_started_over_a_stale_pid_file(server: LiveServer, omero: Omero) -> None:
    server.pid_file.parent.mkdir(parents=True, exist_ok=True)
    server.pid_file.write_text("not a pid\n")
    result = omero("web", "status")
    assert result.code == web.NOT_RUNNING
    assert result.out == "OMERO.web status... [NOT STARTED]\n"
    assert result.err == f"Removed stale pid file {server.pid_file} (it holds no process id)\n"
    assert not server.pid_file.exists()


def test_it_notes_that_mod_wsgi_serves_the_wsgi_deployment(
    server: LiveServer, omero: Omero
) -> None:
    server.set("omero.web.application_server", "wsgi")
    result = omero("web", "status")
    assert result.code == web.NOT_RUNNING
    assert "mod_wsgi runs OMERO.web" in result.out


def test_it_refuses_an_invalid_configuration(server: LiveServer, omero: Omero) -> None:
    config_xml = server.omerodir / "etc" / "grid" / "config.xml"
    config_xml.write_text(config_xml.read_text().replace('value="2"', 'value="two"'))
    result = omero("web", "status")
    assert result.code == web.INVALID_CONFIG
    assert result.err == (
        "omero web: invalid value 'two' for omero.web.wsgi_workers: "
        "expected an integer of at least 1\n"
    )
