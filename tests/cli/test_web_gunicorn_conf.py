"""``pyomero.web.gunicorn_conf``: gunicorn's settings, as gunicorn itself reads them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pyomero.web import gunicorn_conf

if TYPE_CHECKING:
    from .conftest import Omero


def _gunicorn_settings(omerodir: Path, *args: str) -> dict[str, str]:
    """``gunicorn --print-config``: every setting gunicorn would run with."""
    env = {
        **os.environ,
        "OMERODIR": str(omerodir),
        "DJANGO_SETTINGS_MODULE": "pyomero.web.settings",
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "python:pyomero.web.gunicorn_conf"]
    result = subprocess.run(
        [*command, *args, "--print-config", "pyomero.web.wsgi:application"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    settings = {}
    for line in result.stdout.splitlines():
        name, _, value = line.partition(" = ")
        settings[name.strip()] = value.strip()
    return settings


def test_it_passes_the_omero_web_keys_to_gunicorn(omero: Omero, omerodir: Path) -> None:
    for key, value in (
        ("omero.web.application_server.host", "127.0.0.2"),
        ("omero.web.application_server.port", "4321"),
        ("omero.web.wsgi_workers", "7"),
        ("omero.web.wsgi_threads", "3"),
        ("omero.web.wsgi_worker_class", "gthread"),
        ("omero.web.wsgi_worker_connections", "50"),
        ("omero.web.wsgi_timeout", "120"),
        ("omero.web.application_server.max_requests", "500"),
    ):
        assert omero("config", "set", key, value).code == 0
    settings = _gunicorn_settings(omerodir)
    assert settings["bind"] == "['127.0.0.2:4321']"
    assert settings["workers"] == "7"
    assert settings["threads"] == "3"
    assert settings["worker_class"] == "gthread"
    assert settings["worker_connections"] == "50"
    assert settings["timeout"] == "120"
    assert settings["max_requests"] == "500"
    assert settings["max_requests_jitter"] == "50"
    assert settings["chdir"] == str(omerodir)


def test_it_lets_wsgi_args_override_the_keys(omerodir: Path) -> None:
    settings = _gunicorn_settings(omerodir, "--workers", "9")
    assert settings["workers"] == "9"


def test_it_uses_a_control_socket_per_server_directory(omerodir: Path) -> None:
    assert _gunicorn_settings(omerodir)["control_socket"] == str(omerodir / "var" / "gunicorn.ctl")


def test_it_needs_no_control_socket_when_the_path_is_too_long(omerodir: Path) -> None:
    deep = omerodir / ("d" * 100)
    deep.mkdir()
    assert _gunicorn_settings(deep)["control_socket_disable"] == "True"


def test_it_brackets_ipv6_addresses() -> None:
    assert gunicorn_conf.bind_address("::1", 4080) == "[::1]:4080"
    assert gunicorn_conf.bind_address("127.0.0.1", 4080) == "127.0.0.1:4080"


def test_its_logs_rotate_under_the_log_directory(tmp_path: Path) -> None:
    config = gunicorn_conf.logging_config(tmp_path)
    handler = config["handlers"]["file"]
    assert handler["class"] == "logging.handlers.RotatingFileHandler"
    assert handler["filename"] == str(tmp_path / "OMEROweb.log")
    assert (handler["maxBytes"], handler["backupCount"]) == (5 * 1024 * 1024, 10)
    assert config["handlers"]["access"]["filename"] == str(tmp_path / "OMEROweb.access.log")
    assert config["root"]["handlers"] == ["file", "stderr"]  # Django's messages too
