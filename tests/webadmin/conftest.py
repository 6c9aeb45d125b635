"""Fixtures of the webadmin tests: signed-in clients and the audit trail's length."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from pyomero.model.models import Experimenter
from pyomero.testing.personas import Personas

SignedIn = Callable[[Experimenter | str], Client]


@pytest.fixture
def signed_in(personas: Personas) -> SignedIn:
    """``signed_in("member")`` or ``signed_in(user)``: a client signed in as them."""

    def sign_in(who: Experimenter | str) -> Client:
        client = Client()
        client.force_login(personas.user(who) if isinstance(who, str) else who)
        return client

    return sign_in


class MailConfig(dict[str, Any]):
    """``settings.OMERO_CONFIG`` with ``omero.mail.config`` on (other keys unchanged)."""

    def __init__(self, real: Any) -> None:
        super().__init__({"omero.mail.config": True})
        self.real = real

    def __missing__(self, name: str) -> Any:
        return self.real[name]


@dataclass
class SmtpServer:
    host: str
    port: int
    envelopes: list[Any] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)


class _Collect:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.server.envelopes.append(envelope)
        return "250 Message accepted for delivery"


class _Logins:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    def __call__(self, smtp: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        from aiosmtpd.smtp import AuthResult

        self.server.logins.append((data.login.decode(), data.password.decode()))
        return AuthResult(success=True)


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) on loopback, and mail turned on to reach it."""
    try:
        from aiosmtpd import controller as controller_module
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true and aiosmtpd is not installed (pip install -e '.[dev]')")
        pytest.skip("aiosmtpd is not installed (pip install -e '.[dev]')")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = SmtpServer("127.0.0.1", port)
    controller = controller_module.Controller(
        _Collect(server),
        hostname=server.host,
        port=port,
        authenticator=_Logins(server),  # offers AUTH; records who logged in
        auth_require_tls=False,
    )
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.DEFAULT_FROM_EMAIL = "omero@example.org"
    settings.OMERO_CONFIG = MailConfig(settings.OMERO_CONFIG)
    try:
        yield server
    finally:
        controller.stop()
