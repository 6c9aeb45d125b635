"""The processes behind ``omero web``: pid file, port probe, gunicorn, Django commands.

Every child runs with this server directory's settings (``OMERODIR`` and
``DJANGO_SETTINGS_MODULE=pyomero.web.settings``) whatever the calling process
has loaded, and with ``$OMERODIR`` as its working directory. Errors are
:class:`CommandError` with the exit codes of :mod:`pyomero.cli.web`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Literal, NoReturn

from pyomero.cli.errors import CommandError
from pyomero.conf import Config, paths

PORT_IN_USE = 12
INVALID_CONFIG = 13
START_FAILED = 14

SETTINGS = "pyomero.web.settings"
WSGI_APP = "pyomero.web.wsgi:application"
GUNICORN_CONF = "python:pyomero.web.gunicorn_conf"
START_TIMEOUT = 60.0  # seconds for gunicorn to answer HTTP
STOP_TIMEOUT = 40.0  # gunicorn's graceful_timeout (30 s) and some
# What the command line of an OMERO.web process contains (gunicorn's config and
# app, runserver's settings; "[omeroweb]" is gunicorn's title with setproctitle).
_OUR_MARKERS = ("pyomero.web.", "[omeroweb]")

ProcessState = Literal["ours", "gone", "foreign"]


def pid_file(config: Config) -> Path:
    return paths.var_dir(config.omerodir) / "django.pid"


def log_file(config: Config) -> Path:
    return config.log_dir() / "OMEROweb.log"


def server_env(config: Config) -> dict[str, str]:
    return {**os.environ, "OMERODIR": str(config.omerodir), "DJANGO_SETTINGS_MODULE": SETTINGS}


def last_line(text: str) -> str:
    """The last non-blank line of a child's output (its error, after a traceback)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no output"


# The pid file -------------------------------------------------------------------------------


def read_pid(path: Path) -> int | None:
    """The pid a pid file holds, or None (missing, empty or not a positive number)."""
    try:
        pid = int(path.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    return pid if pid > 0 else None


def process_state(pid: int) -> ProcessState:
    """Whether ``pid`` is an OMERO.web server, has exited (or is a zombie), or is not ours."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return "gone"
    except PermissionError:
        pass  # another user's process: look at its command line all the same
    if Path("/proc/self/cmdline").exists():
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            if stat.rpartition(")")[2].split()[0] in ("Z", "X"):
                return "gone"
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except FileNotFoundError:
            return "gone"
        except (OSError, UnicodeDecodeError, IndexError):
            return "ours"  # cannot tell: do not call a live server stale
        if not command:
            return "gone"  # exiting: its memory, and so its command line, is already released
    else:
        try:
            result = subprocess.run(
                ["ps", "-o", "stat=,command=", "-p", str(pid)],
                capture_output=True,
                text=True,
                check=False,
            )
        except OSError:
            return "ours"
        if result.returncode != 0 or result.stdout.strip().startswith("Z"):
            return "gone"
        command = result.stdout
    return "ours" if any(marker in command for marker in _OUR_MARKERS) else "foreign"


def running_pid(config: Config) -> int | None:
    """The pid of the running server, or None; a stale pid file is removed, with a note."""
    path = pid_file(config)
    if not path.exists():
        return None
    pid = read_pid(path)
    if pid is None:
        reason = "it holds no process id"
    else:
        state = process_state(pid)
        if state == "ours":
            return pid
        reason = f"PID {pid} {'is not running' if state == 'gone' else 'is another program'}"
    path.unlink(missing_ok=True)
    print(f"Removed stale pid file {path} ({reason})", file=sys.stderr, flush=True)
    return None


def alive(pid: int) -> bool:
    """Whether OMERO.web still runs as ``pid`` (a pid the system reused for another program: no)."""
    return process_state(pid) == "ours"


def terminate(config: Config, pid: int, timeout: float = STOP_TIMEOUT) -> bool:
    """SIGTERM ``pid`` and wait for it to end; remove the pid file. False if it did not end."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    path = pid_file(config)
    if read_pid(path) == pid:
        path.unlink(missing_ok=True)
    return True


# The port -----------------------------------------------------------------------------------


def check_port_free(host: str, port: int) -> None:
    """Refuse to start when gunicorn could not bind ``host:port`` (as gunicorn binds it)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        raise CommandError(
            f"invalid value {host!r} for omero.web.application_server.host: {exc.strerror}",
            INVALID_CONFIG,
        ) from None
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise CommandError(
                    f"port {port} on {host} is already in use (omero.web.application_server.port)",
                    PORT_IN_USE,
                ) from None
            if exc.errno == errno.EADDRNOTAVAIL:
                raise CommandError(
                    f"invalid value {host!r} for omero.web.application_server.host: "
                    "not an address of this machine",
                    INVALID_CONFIG,
                ) from None
            raise CommandError(
                f"cannot listen on {host}:{port}: {exc.strerror}", START_FAILED
            ) from None


def answers_http(host: str, port: int, timeout: float = 2.0) -> bool:
    """Whether an HTTP server answers on ``host:port`` (any status will do)."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as connection:
            connection.sendall(f"GET / HTTP/1.0\r\nHost: {host}:{port}\r\n\r\n".encode())
            return connection.recv(5) == b"HTTP/"
    except OSError:
        return False


# Children -----------------------------------------------------------------------------------


def run_django(config: Config, *args: str) -> subprocess.CompletedProcess[str]:
    """``django-admin ARGS`` with this server directory's settings, output captured."""
    return subprocess.run(
        [sys.executable, "-m", "django", *args],
        env=server_env(config),
        cwd=config.omerodir,
        capture_output=True,
        text=True,
        check=False,
    )


def gunicorn_command(config: Config, wsgi_args: list[str]) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        GUNICORN_CONF,
        "--pid",
        str(pid_file(config)),
        *wsgi_args,
        WSGI_APP,
    ]


def _exec(config: Config, command: list[str]) -> NoReturn:
    sys.stdout.flush()
    sys.stderr.flush()
    os.chdir(config.omerodir)
    try:
        os.execve(command[0], command, server_env(config))
    except OSError as exc:
        raise CommandError(f"cannot run {command[0]}: {exc.strerror}", START_FAILED) from None


def exec_gunicorn(config: Config, wsgi_args: list[str]) -> NoReturn:
    """Become gunicorn, in the foreground (systemd's ``ExecStart``); it writes the pid file."""
    paths.var_dir(config.omerodir).mkdir(parents=True, exist_ok=True)
    _exec(config, gunicorn_command(config, wsgi_args))


def exec_development_server(config: Config) -> NoReturn:
    """Become Django's development server in the foreground (as OMERO's ``runserver``).

    This process's pid goes in the pid file first, so that ``status`` and
    ``stop`` work from another terminal; exec keeps the pid.
    """
    host = config["omero.web.application_server.host"]
    port = config["omero.web.application_server.port"]
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    command = [sys.executable, "-m", "django", "runserver", "--noreload", f"--settings={SETTINGS}"]
    command += ["--ipv6"] if ":" in host else []
    path = pid_file(config)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{os.getpid()}\n")
    try:
        _exec(config, [*command, address])
    except CommandError:
        path.unlink(missing_ok=True)
        raise


def start_gunicorn_daemon(config: Config, wsgi_args: list[str]) -> int:
    """Start gunicorn as a daemon; return its pid once it answers HTTP.

    Fails (pointing at the log) if gunicorn exits, or does not answer within
    :data:`START_TIMEOUT` (then it is stopped, so that nothing is left running).
    """
    paths.var_dir(config.omerodir).mkdir(parents=True, exist_ok=True)
    launch = subprocess.run(
        [*gunicorn_command(config, wsgi_args), "--daemon"],
        env=server_env(config),
        cwd=config.omerodir,
        capture_output=True,
        text=True,
        check=False,
    )
    if launch.returncode != 0:
        raise CommandError(
            f"OMERO.web did not start: {last_line(launch.stderr + launch.stdout)}", START_FAILED
        )
    failed = CommandError(f"OMERO.web did not start: see {log_file(config)}", START_FAILED)
    host = config["omero.web.application_server.host"]
    port = config["omero.web.application_server.port"]
    path = pid_file(config)
    seen: int | None = None
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        pid = read_pid(path)
        if pid is None and seen is not None:
            raise failed  # gunicorn exited and removed its pid file
        if pid is not None:
            seen = pid
            if not alive(pid):
                path.unlink(missing_ok=True)
                raise failed
            if answers_http(host, port):
                return pid
        time.sleep(0.1)
    if seen is not None:
        terminate(config, seen, timeout=10)
    raise CommandError(
        f"OMERO.web did not answer on {host}:{port} within {START_TIMEOUT:g} s: "
        f"see {log_file(config)}",
        START_FAILED,
    )
