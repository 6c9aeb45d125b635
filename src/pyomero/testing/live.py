"""A live pyomero server for tests: a temporary $OMERODIR, a free port, ``omero web start``.

::

    with live_server(tmp_path, {"omero.web.prefix": "/omero"}) as server:
        page = fetch(server.url("/webclient/login/"))
        assert page.status == 200
        server.stop()  # e.g. to see a front server's maintenance page
        server.start()

Every ``omero`` command runs in a child process with ``OMERODIR`` set and no
``DJANGO_SETTINGS_MODULE``, so the server sees its own configuration whatever
the test process has loaded. ``live_server`` always stops what it started,
killing the whole process group if ``omero web stop`` does not do it. The
SQLite database (migrations and ``root``) is made once per test run and
copied into each server directory, which keeps a server's start near one
second.
"""

from __future__ import annotations

import atexit
import contextlib
import http.client
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.parse
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pyomero.cli.webserver import process_state
from pyomero.conf import load_config, paths, store_for
from pyomero.conf.changes import set_value

ROOT_PASSWORD = "root-password"
TEST_CONFIG = {"omero.web.wsgi_workers": "2"}  # fewer workers: a faster start
_templates: dict[str, Path] = {}


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on at the moment."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


def port_is_open(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        return False
    return True


def wait_for_port(host: str, port: int, timeout: float = 30, closed: bool = False) -> None:
    """Wait until ``host:port`` accepts connections (``closed=True``: until it refuses them)."""
    deadline = time.monotonic() + timeout
    while port_is_open(host, port) == closed:
        if time.monotonic() > deadline:
            state = "closed" if closed else "open"
            raise TimeoutError(f"{host}:{port} not {state} after {timeout} s")
        time.sleep(0.05)


@dataclass(frozen=True)
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def fetch(
    url: str,
    method: str = "GET",
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 30,
) -> Response:
    """One HTTP request; redirects are returned, not followed."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=timeout)
    try:
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        connection.request(method, target, body=body, headers=dict(headers or {}))
        response = connection.getresponse()
        return Response(response.status, response.headers, response.read())
    finally:
        connection.close()


def omero(
    omerodir: Path, *args: str, env: Mapping[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run ``omero ARGS`` for ``omerodir`` in a child process; output captured, never raises."""
    child_env = {**os.environ, "OMERODIR": str(omerodir), **(env or {})}
    child_env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "pyomero.cli", *args],
        env=child_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _check(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    if result.returncode != 0:
        command = " ".join(str(arg) for arg in result.args[3:])
        raise RuntimeError(
            f"omero {command} exited {result.returncode}:\n{result.stdout}{result.stderr}"
        )
    return result


def _template_database(root_password: str) -> Path:
    """A SQLite database made by ``omero db upgrade`` once per run and password."""
    if root_password not in _templates:
        root = Path(tempfile.mkdtemp(prefix="pyomero-live-db-"))
        atexit.register(shutil.rmtree, root, ignore_errors=True)
        _check(omero(root, "db", "upgrade", env={"OMERO_ROOT_PASSWORD": root_password}))
        _templates[root_password] = load_config(root).sqlite_path()
    return _templates[root_password]


def upgrade_database(omerodir: Path, root_password: str = ROOT_PASSWORD) -> None:
    """``omero db upgrade`` for ``omerodir`` (a copy of the template when it uses SQLite)."""
    config = load_config(omerodir)
    if config["omero.db.engine"] != "sqlite":
        _check(omero(omerodir, "db", "upgrade", env={"OMERO_ROOT_PASSWORD": root_password}))
        return
    target = config.sqlite_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        contextlib.closing(sqlite3.connect(_template_database(root_password))) as source,
        contextlib.closing(sqlite3.connect(target)) as copy,
    ):
        source.backup(copy)


@dataclass
class LiveServer:
    """A pyomero server directory and the address ``omero web start`` serves it on."""

    omerodir: Path
    host: str
    port: int
    root_password: str
    _pids: set[int] = field(default_factory=set, repr=False)

    @property
    def base_url(self) -> str:
        """``http://host:port`` of gunicorn itself (no prefix: gunicorn serves at /)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    @property
    def pid_file(self) -> Path:
        return paths.var_dir(self.omerodir) / "django.pid"

    @property
    def log_file(self) -> Path:
        return load_config(self.omerodir).log_dir() / "OMEROweb.log"

    def pid(self) -> int | None:
        try:
            return int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None

    def omero(
        self, *args: str, env: Mapping[str, str] | None = None, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        """Run ``omero ARGS`` for this server directory (see :func:`omero`)."""
        return omero(self.omerodir, *args, env=env, timeout=timeout)

    def python(self, code: str, timeout: float = 60) -> str:
        """Run ``code`` in a child with this server's Django set up; return its stdout."""
        env = {**os.environ, "OMERODIR": str(self.omerodir)}
        env["DJANGO_SETTINGS_MODULE"] = "pyomero.web.settings"
        script = f"import django\ndjango.setup()\n{textwrap.dedent(code)}"
        result = subprocess.run(
            [sys.executable, "-c", script],
            env=env,
            cwd=self.omerodir,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"python exited {result.returncode}:\n{result.stderr}")
        return result.stdout

    def set(self, key: str, value: str) -> None:
        """``omero config set KEY VALUE`` (checked against the registry)."""
        set_value(store_for(self.omerodir), key, value)

    def start(self, *args: str) -> subprocess.CompletedProcess[str]:
        """``omero web start ARGS``; raises with the command's output if it fails."""
        result = self.omero("web", "start", *args)
        pid = self.pid()
        if pid is not None:
            self._pids.add(pid)
        return _check(result)

    def stop(self) -> subprocess.CompletedProcess[str]:
        """``omero web stop``, then wait until the port is closed; raises if it fails."""
        result = _check(self.omero("web", "stop"))
        wait_for_port(self.host, self.port, timeout=10, closed=True)
        return result

    @contextlib.contextmanager
    def foreground(self, *args: str, log: Path | None = None) -> Iterator[subprocess.Popen[bytes]]:
        """``omero web start ARGS`` (default ``--foreground``) as a child, until it serves.

        On leaving the block it is sent SIGTERM (and killed if it ignores that).
        Its output goes to ``log`` (default ``$OMERODIR/foreground.out``).
        """
        args = args or ("--foreground",)
        log = log or self.omerodir / "foreground.out"
        env = {**os.environ, "OMERODIR": str(self.omerodir)}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "pyomero.cli", "web", "start", *args],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._pids.add(process.pid)
        try:
            deadline = time.monotonic() + 30
            while not port_is_open(self.host, self.port):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the foreground server did not start:\n{log.read_text()}")
                time.sleep(0.05)
            yield process
        finally:
            _end(process)

    def kill(self) -> None:
        """Stop whatever this server started: ``omero web stop``, then SIGKILL leftovers."""
        pid = self.pid()
        if pid is not None:
            self._pids.add(pid)
            self.omero("web", "stop", timeout=60)
        # Only processes that are still OMERO.web: never a pid reused by another program.
        groups = [_kill_group(pid) for pid in self._pids if process_state(pid) == "ours"]
        deadline = time.monotonic() + 10
        while any(_group_alive(group) for group in groups if group is not None):
            if time.monotonic() > deadline:
                raise RuntimeError(f"process groups {groups} survived SIGKILL")
            time.sleep(0.05)
        self._pids.clear()


def _end(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            _kill_group(process.pid)
            process.wait(timeout=10)


def _kill_group(pid: int) -> int | None:
    """SIGKILL the process group of ``pid`` (gunicorn's master and workers), never ours.

    Returns the group, or None when only ``pid`` itself was killed (or was gone).
    """
    try:
        group = os.getpgid(pid)
    except ProcessLookupError:
        return None
    if group == os.getpgrp():
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        return None
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, signal.SIGKILL)
    return group


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def prepare_server(
    omerodir: Path,
    config: Mapping[str, str] | None = None,
    *,
    host: str = "127.0.0.1",
    port: int | None = None,
    root_password: str = ROOT_PASSWORD,
    database: bool = True,
) -> LiveServer:
    """A server directory with ``config`` set (on a free port) and an upgraded database."""
    port = port or free_port(host)
    store = store_for(omerodir)
    settings = {
        **TEST_CONFIG,
        "omero.web.application_server.host": host,
        "omero.web.application_server.port": str(port),
        **(config or {}),
    }
    for key, value in settings.items():
        set_value(store, key, value)
    if database:
        upgrade_database(omerodir, root_password)
    return LiveServer(omerodir, host, port, root_password)


@contextlib.contextmanager
def live_server(
    omerodir: Path,
    config: Mapping[str, str] | None = None,
    *,
    host: str = "127.0.0.1",
    port: int | None = None,
    root_password: str = ROOT_PASSWORD,
    start: bool = True,
) -> Iterator[LiveServer]:
    """A prepared server, started by ``omero web start`` (unless ``start=False``).

    Whatever happens in the block, every process the server started is ended.
    """
    server = prepare_server(omerodir, config, host=host, port=port, root_password=root_password)
    try:
        if start:
            server.start()
        yield server
    finally:
        server.kill()
