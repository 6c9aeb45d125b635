"""Through Debian's real Apache: both generated sites pass ``apache2ctl -t`` and serve pyomero.

``apache`` runs pyomero under libapache2-mod-wsgi-py3, which is built against
Debian's /usr/bin/python3: its ``python-home`` is a virtualenv made with that
Python (built once, cached under /tmp, keyed by pyproject.toml), from which
the site is generated with ``omero web config apache``. Apache starts as root,
in the foreground, from a private ServerRoot, so that the test owns it; the
mod_wsgi daemon runs as www-data, which owns the server directory.
``apache-proxy`` fronts gunicorn started by ``omero web start``. Without Apache
or mod_wsgi the tests skip with the reason, except under CI=true, where they fail.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from filelock import FileLock

from pyomero.cli.webconfig import Options
from pyomero.cli.webconfig.apache import GENERATORS
from pyomero.conf import Config, load_config, paths
from pyomero.testing.live import (
    ROOT_PASSWORD,
    LiveServer,
    free_port,
    live_server,
    prepare_server,
    wait_for_port,
)
from pyomero.testing.services import unavailable

from .conftest import Browser, Response

APACHE = Path("/usr/sbin/apache2")
APACHECTL = Path("/usr/sbin/apache2ctl")
MODULES = Path("/usr/lib/apache2/modules")
DEBIAN_PYTHON = Path("/usr/bin/python3")
CHECKOUT = Path(__file__).resolve().parents[2]
WWW_DATA = "www-data"
MAINTENANCE_TEXT = "Under maintenance"
LOGIN_FORM = '<form method="post" action="{prefix}/webclient/login/"'
CSS = "static/web/css/pyomero.css"

# The modules each site says it needs, and nothing else: the harness loads only these.
SITE_MODULES = {
    "apache": ["alias", "authz_core", "mime", "wsgi"],
    "apache-proxy": ["alias", "authz_core", "mime", "proxy", "proxy_http", "headers"],
}


@pytest.fixture(scope="session")
def apache_bin() -> Path:
    if not APACHE.exists() or not (MODULES / "mod_proxy_http.so").exists():
        unavailable("Apache is not installed (Debian package apache2)")
    if os.geteuid() != 0:
        unavailable("the tests start Apache as root, so that its daemons run as www-data")
    return APACHE


# Apache on a free port from a private ServerRoot; the test that starts it ends it.


@dataclass
class Apache:
    run: Path  # ServerRoot: configuration, pid file, error log, mod_wsgi sockets
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def conf(self) -> Path:
        return self.run / "httpd.conf"

    def write(self, site: str, kind: str) -> None:
        """A minimal server configuration that loads what ``kind`` needs and the site."""
        self.run.mkdir(parents=True, exist_ok=True)
        self.run.chmod(0o755)
        (self.run / "site.conf").write_text(site)
        modules = ["mpm_event", *SITE_MODULES[kind]]
        lines = [
            f'ServerRoot "{self.run}"',
            f'PidFile "{self.run}/apache2.pid"',
            f'ErrorLog "{self.run}/error.log"',
            f'DefaultRuntimeDir "{self.run}"',
            f"Mutex file:{self.run} default",
            "ServerName 127.0.0.1",
            f"User {WWW_DATA}",
            f"Group {WWW_DATA}",
            "TypesConfig /etc/mime.types",
            *(f"LoadModule {name}_module {MODULES}/mod_{name}.so" for name in modules),
            f'<IfModule mod_wsgi.c>\n    WSGISocketPrefix "{self.run}/wsgi"\n</IfModule>',
            f'Include "{self.run}/site.conf"',
        ]
        self.conf.write_text("\n".join(lines) + "\n")

    def check(self) -> subprocess.CompletedProcess[str]:
        command = [APACHECTL, "-t", "-f", self.conf]
        return subprocess.run(command, capture_output=True, text=True, timeout=30)

    def start(self) -> None:
        self.process = subprocess.Popen(
            [APACHE, "-f", self.conf, "-DFOREGROUND"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # a group of its own: stop() ends its children too
        )
        try:
            wait_for_port("127.0.0.1", self.port, timeout=15)
        except TimeoutError:
            self.stop()
            pytest.fail(f"Apache did not start:\n{self.error_log()}")

    def stop(self) -> None:
        if self.process is None:
            return
        process, self.process = self.process, None
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=15)
            deadline = time.monotonic() + 5  # the mod_wsgi daemons end after their parent
            while _group_alive(process.pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            if not _group_alive(process.pid):
                return

    def graceful_restart(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGUSR1)

    def error_log(self) -> str:
        log = self.run / "error.log"
        return log.read_text() if log.exists() else "(no error log)"

    def browser(self) -> Browser:
        return Browser("127.0.0.1", self.port)

    def children(self) -> list[tuple[int, str]]:
        """(uid, name) of each process Apache started."""
        assert self.process is not None
        found = []
        for entry in Path("/proc").iterdir():
            with contextlib.suppress(OSError, ValueError):
                lines = (entry / "status").read_text().splitlines()
                status = dict(line.split(":\t", 1) for line in lines if ":\t" in line)
                if status["PPid"].strip() == str(self.process.pid):
                    name = (entry / "cmdline").read_bytes().split(b"\0")[0].decode()
                    found.append((int(status["Uid"].split()[0]), name))
        return found


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def _private_dir(name: str) -> Path:
    """A temporary directory www-data can enter (pytest's are root's alone)."""
    path = Path(tempfile.mkdtemp(prefix=f"pyomero-{name}-"))
    path.chmod(0o755)
    return path


def _generate(server: LiveServer, kind: str, port: int, venv: Path) -> str:
    """``omero web config KIND --http PORT``, run by the Debian virtualenv's ``omero``.

    Its pyomero is the one www-data can read (the maintenance page, the WSGI script).
    """
    env = {**os.environ, "OMERODIR": str(server.omerodir)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [venv / "bin" / "omero", "web", "config", kind, "--http", str(port)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _wait_for(browser: Browser, path: str, status: int, seconds: float = 30) -> Response:
    deadline = time.monotonic() + seconds
    while True:
        response = browser.get(path)
        if response.status == status or time.monotonic() > deadline:
            return response
        time.sleep(0.2)


def _settings(prefix: str, **values: str) -> dict[str, str]:
    if prefix:
        values |= {"prefix": prefix, "static_url": f"{prefix}/static/"}
    return {f"omero.web.{key}": value for key, value in values.items()}


# `apache2ctl -t` on both sites, with and without a prefix.


@pytest.mark.parametrize("prefix", ["", "/omero"])
@pytest.mark.parametrize("kind", ["apache", "apache-proxy"])
def test_it_generates_sites_that_pass_apache2ctl_t(
    apache_bin: Path, kind: str, prefix: str
) -> None:
    run = _private_dir("apache-syntax")
    try:
        apache = Apache(run / "run", free_port("0.0.0.0"))
        config = Config(_settings(prefix), run / "omero")
        apache.write(GENERATORS[kind](config, Options(http=apache.port, max_body_size="10m")), kind)
        result = apache.check()
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Syntax OK" in result.stderr
    finally:
        shutil.rmtree(run, ignore_errors=True)


# mod_wsgi: the `apache` site, run by a virtualenv of Debian's Python.


@pytest.fixture(scope="session")
def debian_venv(apache_bin: Path) -> Path:
    """A virtualenv of mod_wsgi's Python with pyomero installed, cached under /tmp.

    Editable when www-data can read the checkout (the daemon imports from it),
    else a copy, and then the cache key covers the sources too.
    """
    wsgi = MODULES / "mod_wsgi.so"
    if not wsgi.exists():
        unavailable("mod_wsgi is not installed (Debian package libapache2-mod-wsgi-py3)")
    if not DEBIAN_PYTHON.exists():
        unavailable(f"{DEBIAN_PYTHON}, the Python mod_wsgi is built for, is missing")
    version_code = "import sys; print('%d.%d' % sys.version_info[:2])"
    version = subprocess.run(
        [DEBIAN_PYTHON, "-c", version_code], capture_output=True, text=True, check=True
    ).stdout.strip()
    built_for = wsgi.resolve().name.rsplit("-", 1)[-1]  # mod_wsgi.so-3.11
    assert built_for == version, f"mod_wsgi is built for Python {built_for}, not {version}"
    editable = _www_data_can_read(CHECKOUT / "src" / "pyomero" / "__init__.py")
    key = hashlib.sha256((CHECKOUT / "pyproject.toml").read_bytes())
    key.update(f"{CHECKOUT}|{version}|{editable}".encode())
    if not editable:
        for path in sorted((CHECKOUT / "src").rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                key.update(str(path).encode() + path.read_bytes())
    venv = Path(tempfile.gettempdir()) / f"pyomero-modwsgi-venv-{key.hexdigest()[:16]}"
    with FileLock(f"{venv}.lock"):
        if not (venv / "complete").exists():
            shutil.rmtree(venv, ignore_errors=True)
            subprocess.run([DEBIAN_PYTHON, "-m", "venv", venv], check=True, timeout=120)
            install = ["-e", str(CHECKOUT)] if editable else [str(CHECKOUT)]
            result = subprocess.run(
                [venv / "bin" / "python", "-m", "pip", "install", "--quiet", *install],
                capture_output=True,
                text=True,
                timeout=900,
            )
            assert result.returncode == 0, result.stderr[-3000:]
            (venv / "complete").touch()
    return venv


def _www_data_can_read(path: Path) -> bool:
    command = ["runuser", "-u", WWW_DATA, "--", "test", "-r", str(path)]
    return subprocess.run(command, capture_output=True).returncode == 0


@contextlib.contextmanager
def _wsgi_site(venv: Path, prefix: str = "") -> Iterator[Apache]:
    """The generated ``apache`` site serving a server directory owned by www-data."""
    omerodir = _private_dir("apache-wsgi")
    apache = Apache(omerodir / "apache", free_port("0.0.0.0"))
    try:
        config = _settings(prefix, application_server="wsgi", wsgi_workers="2", wsgi_threads="2")
        server = prepare_server(omerodir, config)
        assert server.omero("web", "syncmedia").returncode == 0
        user = pwd.getpwnam(WWW_DATA)
        for directory, _, files in os.walk(omerodir):
            for name in [directory, *(os.path.join(directory, file) for file in files)]:
                os.chown(name, user.pw_uid, user.pw_gid)
        site = _generate(server, "apache", apache.port, venv)
        assert f"python-home={venv}" in site
        apache.write(site, "apache")
        apache.start()
        yield apache
    finally:
        apache.stop()
        shutil.rmtree(omerodir, ignore_errors=True)


@pytest.fixture(scope="module")
def wsgi_site(debian_venv: Path) -> Iterator[Apache]:
    with _wsgi_site(debian_venv) as apache:
        yield apache


def test_it_serves_the_login_page_through_mod_wsgi(wsgi_site: Apache) -> None:
    page = wsgi_site.browser().get("/webclient/login/")
    assert page.status == 200, wsgi_site.error_log()
    assert LOGIN_FORM.format(prefix="") in page.text
    assert 'name="csrfmiddlewaretoken"' in page.text


def test_it_signs_in_through_mod_wsgi_as_www_data(wsgi_site: Apache) -> None:
    browser = wsgi_site.browser()
    signed_in = browser.log_in("/webclient/login/?url=/webclient/", password=ROOT_PASSWORD)
    assert signed_in.status == 302, signed_in.text[:500]
    assert "Signed in as <strong>root</strong>" in browser.get("/webclient/").text
    daemons = {uid for uid, name in wsgi_site.children() if name.startswith("(wsgi:omeroweb")}
    assert daemons == {pwd.getpwnam(WWW_DATA).pw_uid}, wsgi_site.children()
    sessions = paths.var_dir(wsgi_site.run.parent) / "sessions"
    assert {path.owner() for path in sessions.iterdir()} == {WWW_DATA}


def test_it_serves_static_files_from_static_root_in_apache(wsgi_site: Apache) -> None:
    response = wsgi_site.browser().get(f"/{CSS}")
    assert response.status == 200
    assert response.header("Content-Type") == "text/css"
    collected = load_config(wsgi_site.run.parent).static_root() / "web/css/pyomero.css"
    assert response.body == collected.read_bytes()


def test_it_answers_the_maintenance_page_while_the_daemon_is_unavailable(
    wsgi_site: Apache,
) -> None:
    # mod_wsgi answers 503 when it cannot reach its daemon's socket (as while
    # Apache restarts); a graceful restart makes new sockets.
    for socket in wsgi_site.run.glob("wsgi.*.sock"):
        socket.unlink()
    browser = wsgi_site.browser()
    response = browser.get("/webclient/login/")
    assert response.status == 503
    assert MAINTENANCE_TEXT in response.text
    wsgi_site.graceful_restart()
    assert _wait_for(browser, "/webclient/login/", 200).status == 200


def test_it_mounts_the_mod_wsgi_daemon_at_the_prefix(debian_venv: Path) -> None:
    with _wsgi_site(debian_venv, prefix="/omero") as apache:
        browser = apache.browser()
        page = browser.get("/omero/webclient/login/")
        assert page.status == 200, apache.error_log()
        assert LOGIN_FORM.format(prefix="/omero") in page.text
        assert f'href="/omero/{CSS}"' in page.text
        assert browser.get(f"/omero/{CSS}").status == 200
        assert browser.get("/webclient/login/").status == 404


# mod_proxy_http: the `apache-proxy` site in front of gunicorn (`omero web start`).


@contextlib.contextmanager
def _proxy_site(venv: Path, prefix: str = "") -> Iterator[tuple[Apache, LiveServer]]:
    omerodir = _private_dir("apache-proxy")
    try:
        with live_server(omerodir, _settings(prefix)) as server:
            apache = Apache(omerodir / "apache", free_port("0.0.0.0"))
            apache.write(_generate(server, "apache-proxy", apache.port, venv), "apache-proxy")
            try:
                apache.start()
                yield apache, server
            finally:
                apache.stop()
    finally:
        shutil.rmtree(omerodir, ignore_errors=True)


@pytest.fixture(scope="module")
def proxy_site(debian_venv: Path) -> Iterator[tuple[Apache, LiveServer]]:
    with _proxy_site(debian_venv) as site:
        yield site


def test_it_proxies_the_login_page_to_gunicorn(proxy_site: tuple[Apache, LiveServer]) -> None:
    apache, _ = proxy_site
    browser = apache.browser()
    page = browser.get("/webclient/login/")
    assert page.status == 200, apache.error_log()
    assert LOGIN_FORM.format(prefix="") in page.text
    signed_in = browser.log_in("/webclient/login/?url=/webclient/", password=ROOT_PASSWORD)
    assert signed_in.status == 302, signed_in.text[:500]
    assert signed_in.header("Location") == "/webclient/"


def test_it_serves_static_files_without_gunicorn(proxy_site: tuple[Apache, LiveServer]) -> None:
    apache, server = proxy_site
    response = apache.browser().get(f"/{CSS}")
    assert response.status == 200
    collected = load_config(server.omerodir).static_root() / "web/css/pyomero.css"
    assert response.body == collected.read_bytes()
    access_log = server.log_file.with_name("OMEROweb.access.log")
    assert "/static/" not in (access_log.read_text() if access_log.exists() else "")


def test_it_answers_the_maintenance_page_while_gunicorn_is_stopped(
    proxy_site: tuple[Apache, LiveServer],
) -> None:
    apache, server = proxy_site
    browser = apache.browser()
    server.stop()
    response = browser.get("/webclient/login/")
    assert response.status == 503
    assert MAINTENANCE_TEXT in response.text
    assert response.header("Cache-Control") == "no-store"
    assert browser.get(f"/{CSS}").status == 200
    server.start()
    assert browser.get("/webclient/login/").status == 200


def test_it_proxies_under_the_prefix_to_gunicorn_without_it(debian_venv: Path) -> None:
    with _proxy_site(debian_venv, prefix="/omero") as (apache, _):
        browser = apache.browser()
        page = browser.get("/omero/webclient/login/")
        assert page.status == 200, apache.error_log()
        assert LOGIN_FORM.format(prefix="/omero") in page.text
        assert browser.get(f"/omero/{CSS}").status == 200
        bare = browser.get("/omero")
        assert bare.status == 301
        assert bare.header("Location").endswith("/omero/")
        signed_in = browser.log_in("/omero/webclient/login/", password=ROOT_PASSWORD)
        assert signed_in.status == 302, signed_in.text[:500]
        assert signed_in.header("Location") == "/omero/webclient/"
