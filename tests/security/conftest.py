"""Fixtures of the security tests: live servers on the run's database, an SMTP sink,
and an HTTP client that keeps cookies and sends the CSRF token, as a browser does."""

from __future__ import annotations

import json
import re
import socket
import urllib.parse
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

import pytest

from pyomero.testing.live import LiveServer, Response, fetch
from pyomero.testing.services import unavailable


@dataclass
class SmtpSink:
    """A real SMTP server (aiosmtpd) on loopback that keeps what it receives."""

    host: str
    port: int
    messages: list[str] = field(default_factory=list)

    def config(self) -> dict[str, str]:
        return {
            "omero.mail.config": "true",
            "omero.mail.host": self.host,
            "omero.mail.port": str(self.port),
            "omero.mail.from": "omero@example.org",
        }


class _Keep:
    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.sink.messages.append(envelope.content.decode("utf-8", errors="replace"))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    try:
        from aiosmtpd.controller import Controller
    except ImportError:
        unavailable("aiosmtpd is not installed (pip install -e '.[dev]')")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = SmtpSink("127.0.0.1", port)
    controller = Controller(_Keep(sink), hostname=sink.host, port=port)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()


@dataclass
class Browser:
    """Requests to a live server with a cookie jar and the CSRF token, like a browser."""

    server: LiveServer
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        sent = {**self.headers, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method not in ("GET", "HEAD") and "csrftoken" in self.cookies:
            sent.setdefault("X-CSRFToken", self.cookies["csrftoken"])
            sent.setdefault("Referer", self.server.url("/"))
        response = fetch(self.server.url(path), method, body=body, headers=sent)
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        return response

    def get(self, path: str, **headers: str) -> Response:
        return self.request("GET", path, headers=headers)

    def post_form(self, path: str, data: Mapping[str, str], **headers: str) -> Response:
        if "csrftoken" not in self.cookies:
            self.get("/api/v0/token/")
        body = urllib.parse.urlencode(data).encode()
        form = {"Content-Type": "application/x-www-form-urlencoded", **headers}
        return self.request("POST", path, body, form)

    def post_json(self, path: str, data: Any, **headers: str) -> Response:
        if "csrftoken" not in self.cookies:
            self.get("/api/v0/token/")
        body = json.dumps(data).encode()
        return self.request("POST", path, body, {"Content-Type": "application/json", **headers})


def csrf_of(page: Response) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found[1]
