"""Real nginx in front of gunicorn started by ``omero web start``: end-to-end fixtures.

Each deployment is a live server of its own (:mod:`pyomero.testing.live`: a
server directory, gunicorn started by ``omero web start`` in a child process,
as an admin would run it) with Debian's nginx in front, running the
``nginx-development`` configuration that ``omero web config`` generates on a
free port, in the foreground, so that the test owns the process and ends it
even when the test fails. Without nginx the tests are skipped with the reason,
except under ``CI=true``, where they fail.
"""

from __future__ import annotations

import contextlib
import email.message
import http.client
import http.cookies
import os
import re
import shutil
import ssl
import subprocess
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pyomero.cli.webconfig import Options
from pyomero.cli.webconfig.nginx import development_conf
from pyomero.conf import load_config, paths
from pyomero.testing.live import ROOT_PASSWORD, LiveServer, free_port, live_server, wait_for_port
from pyomero.testing.services import unavailable

NGINX = "/usr/sbin/nginx"


@pytest.fixture(scope="session")
def nginx_bin() -> str:
    """Debian's nginx, or the test is skipped (failed under CI=true)."""
    path = shutil.which("nginx") or NGINX
    if not os.access(path, os.X_OK):
        unavailable("nginx is not installed (Debian package nginx): cannot test through it")
    return path


# A browser: cookies, forms and the CSRF token; redirects are not followed.


@dataclass
class Response:
    status: int
    headers: email.message.Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


@dataclass
class Browser:
    host: str
    port: int
    tls: bool = False
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self.host}:{self.port}"

    def request(
        self,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        if self.tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate
            connection: http.client.HTTPConnection = http.client.HTTPSConnection(
                self.host, self.port, timeout=30, context=context
            )
        else:
            connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=sent)
            raw = connection.getresponse()
            response = Response(raw.status, raw.msg, raw.read())
        finally:
            connection.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            jar = http.cookies.SimpleCookie(value)
            self.cookies.update({name: morsel.value for name, morsel in jar.items()})
        return response

    def get(self, path: str, headers: dict[str, str] | None = None) -> Response:
        return self.request("GET", path, headers=headers)

    def post(
        self, path: str, form: dict[str, str], headers: dict[str, str] | None = None
    ) -> Response:
        return self.request("POST", path, form, headers)

    def log_in(
        self, login_path: str, username: str = "root", password: str = ROOT_PASSWORD
    ) -> Response:
        """Fill in and send the login form found at ``login_path``, as a browser would."""
        page = self.get(login_path)
        assert page.status == 200, (page.status, page.text[:500])
        form = login_form(page.text)
        form.update(username=username, password=password)
        return self.post(form.pop("action"), form, headers={"Origin": self.origin})


def login_form(html: str) -> dict[str, str]:
    """The first POST form's action and hidden fields (CSRF token, login's ``url``)."""
    action = re.search(r'<form method="post" action="([^"]*)"', html)
    assert action, html[:1000]
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    assert "csrfmiddlewaretoken" in fields, html[:1000]
    return {"action": action.group(1), **fields}


# One deployment: a live server (pyomero.testing.live) with nginx in front.


@dataclass
class Deployment:
    server: LiveServer
    nginx_bin: str
    nginx_port: int
    nginx: subprocess.Popen[bytes] | None = None

    @property
    def var(self) -> Path:
        return paths.var_dir(self.server.omerodir)

    def omero(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run ``omero ARGS`` in this server directory, as its admin would; it must succeed."""
        result = self.server.omero(*args)
        if result.returncode != 0:
            pytest.fail(f"omero {' '.join(args)} exited {result.returncode}:\n{result.stderr}")
        return result

    def log(self, name: str) -> str:
        path = load_config(self.server.omerodir).log_dir() / name
        return path.read_text() if path.exists() else ""

    def browser(self, *, tls_port: int | None = None) -> Browser:
        if tls_port is not None:
            return Browser("127.0.0.1", tls_port, tls=True)
        return Browser("127.0.0.1", self.nginx_port)

    def start_nginx(self) -> None:
        """nginx with the generated nginx-development configuration, in the foreground."""
        config = load_config(self.server.omerodir)
        config.log_dir().mkdir(parents=True, exist_ok=True)
        conf = self.var / "nginx.conf"
        conf.write_text(development_conf(config, Options(http=self.nginx_port)))
        directives = "daemon off;"
        if os.geteuid() == 0:
            # As root nginx would run its workers as nobody, who cannot read the
            # test's private temporary directory; a normal user needs nothing.
            directives += " user root;"
        error_log = config.log_dir() / "nginx_error.log"
        self.nginx = subprocess.Popen(
            [self.nginx_bin, "-e", str(error_log), "-c", str(conf), "-g", directives],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for_port("127.0.0.1", self.nginx_port, timeout=10)
        except TimeoutError:
            self.stop_nginx()
            pytest.fail(f"nginx did not start:\n{self.log('nginx_error.log')}")

    def stop_nginx(self) -> None:
        if self.nginx is None:
            return
        if self.nginx.poll() is None:
            self.nginx.terminate()
            try:
                self.nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
                self.nginx.wait()
        self.nginx = None


Deploy = Callable[..., Deployment]


@pytest.fixture(scope="module")
def deploy(nginx_bin: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deploy]:
    """``deploy(**omero_web_settings)``: gunicorn and nginx running until the module ends."""
    with contextlib.ExitStack() as stack:

        def start(app_host: str = "127.0.0.1", **settings: str) -> Deployment:
            config = {f"omero.web.{key}": value for key, value in settings.items()}
            omerodir = tmp_path_factory.mktemp("omerodir")
            server = stack.enter_context(live_server(omerodir, config, host=app_host))
            nginx_port = free_port("0.0.0.0")  # `listen PORT` takes every IPv4 address
            deployment = Deployment(server, nginx_bin, nginx_port)
            stack.callback(deployment.stop_nginx)
            deployment.start_nginx()
            return deployment

        yield start
