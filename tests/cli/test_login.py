"""``omero login``, ``omero logout`` and ``omero sessions list``."""

from __future__ import annotations

from pathlib import Path

from pyomero.model.actions import do_set_password
from pyomero.testing.personas import Personas

from .conftest import Omero
from .import_fixtures import PASSWORD, cli_env

__all__ = ["cli_env"]


def test_it_logs_in_and_remembers_the_session(
    omero: Omero, cli_env: Personas, tmp_path: Path
) -> None:
    result = omero("login", "-u", "owner", "-w", PASSWORD)
    assert result.code == 0, result.err
    assert result.out.startswith("Created session for owner@localhost")
    (file,) = (tmp_path / "sessions" / "localhost" / "owner").iterdir()
    assert "omero.sess=" + file.name in file.read_text()
    assert oct(file.stat().st_mode & 0o777) == "0o600"
    listing = omero("sessions", "list")
    assert "owner" in listing.out and "Active" in listing.out and "*" in listing.out


def test_it_refuses_a_wrong_password(omero: Omero, cli_env: Personas, tmp_path: Path) -> None:
    result = omero("login", "-u", "owner", "-w", "nope")
    assert result.code == 2
    assert "login failed for owner: wrong user name or password" in result.err
    assert not (tmp_path / "sessions" / "localhost").exists()


def test_it_logs_in_to_a_group(omero: Omero, cli_env: Personas) -> None:
    result = omero("login", "-u", "owner", "-w", PASSWORD, "-g", cli_env.other_group.name)
    assert f"(group {cli_env.other_group.pk})" in result.out


def test_it_refuses_a_group_the_user_is_not_in(omero: Omero, cli_env: Personas) -> None:
    result = omero("login", "-u", "owner", "-w", PASSWORD, "-g", cli_env.outside_group.name)
    assert result.code == 1
    assert "not found" in result.err


def test_it_logs_out_on_the_server_too(omero: Omero, cli_env: Personas, tmp_path: Path) -> None:
    omero("login", "-u", "owner", "-w", PASSWORD)
    assert omero("logout").out.startswith("Logged out owner@localhost")
    assert list((tmp_path / "sessions" / "localhost" / "owner").iterdir()) == []
    assert list((tmp_path / "server-sessions").iterdir()) == []
    assert omero("logout").out == "Not logged in\n"


def test_a_password_change_ends_the_session(
    omero: Omero, cli_env: Personas, tmp_path: Path
) -> None:
    from pyomero.model.context import event_context

    omero("login", "-u", "owner", "-w", PASSWORD)
    do_set_password(event_context(cli_env.admin), cli_env.owner, "another-password")
    result = omero("import", str(tmp_path))
    assert result.code == 2
    assert "the session of owner ended: run 'omero login' again" in result.err


def test_it_refuses_a_remote_server(omero: Omero, cli_env: Personas) -> None:
    result = omero("login", "-s", "https://omero.example.org", "-u", "owner", "-w", PASSWORD)
    assert result.code == 1
    assert result.err == (
        "omero login: remote servers are not supported yet: "
        "omit -s to use the local server directory\n"
    )
