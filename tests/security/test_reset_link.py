"""The password reset link cannot be poisoned through the Host header.

Each test runs a live server (``omero web start``) that mails through a real SMTP
sink; the link is read from the mail the sink received, as the victim would.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from django.core import checks
from tests.security.conftest import Browser, SmtpSink
from tests.webadmin.conftest import MailConfig

from pyomero.testing.live import LiveServer, live_server

PUBLIC = "https://omero.example.org"
RESET = "/webadmin/forgotten_password/"


def add_jane(server: LiveServer) -> None:
    result = server.omero(
        "user", "add", "-e", "jane@example.org", "-P", "jane-password-1", "jane", "Jane", "Doe"
    )
    assert result.returncode == 0, result.stderr


def ask_reset(server: LiveServer, host: str) -> tuple[int, str]:
    browser = Browser(server, headers={"Host": host})
    page = browser.get(RESET)
    response = browser.post_form(RESET, {"username": "jane", "email": "jane@example.org"})
    return response.status, page.text + response.text


def mailed_link(sink: SmtpSink) -> str:
    [message] = sink.messages
    found = re.search(r"(\S+/webadmin/reset_password/\S+/)", message)
    assert found, message
    return found[1]


def test_it_builds_the_mailed_link_from_the_public_url_whatever_the_host(
    tmp_path: Path, live_db: dict[str, str], smtp_sink: SmtpSink
) -> None:
    config = {**live_db, **smtp_sink.config(), "omero.web.public_url": PUBLIC}
    with live_server(tmp_path, config) as server:
        add_jane(server)
        status, _ = ask_reset(server, "evil.example")
        assert status == 200
        link = mailed_link(smtp_sink)
        assert link.startswith(f"{PUBLIC}/webadmin/reset_password/")
        assert "evil.example" not in smtp_sink.messages[0]
        # The link is genuine: its path works on this server.
        page = Browser(server).get(link.removeprefix(PUBLIC))
        assert page.status == 200
        assert "new password" in page.text.lower()


def test_it_refuses_to_mail_a_link_when_any_host_is_allowed_and_no_public_url(
    tmp_path: Path, live_db: dict[str, str], smtp_sink: SmtpSink
) -> None:
    with live_server(tmp_path, {**live_db, **smtp_sink.config()}) as server:
        add_jane(server)
        status, text = ask_reset(server, "evil.example")
        assert status == 503
        assert "not configured" in text
        assert "omero.web.public_url" in text
        assert smtp_sink.messages == []


def test_it_builds_the_link_from_an_allowed_host_when_no_public_url(
    tmp_path: Path, live_db: dict[str, str], smtp_sink: SmtpSink
) -> None:
    allowed = {"omero.web.allowed_hosts": json.dumps(["omero.example.org"])}
    with live_server(tmp_path, {**live_db, **smtp_sink.config(), **allowed}) as server:
        add_jane(server)
        assert ask_reset(server, "evil.example")[0] == 400  # Django refuses the Host
        assert smtp_sink.messages == []
        assert ask_reset(server, "omero.example.org")[0] == 200
        assert mailed_link(smtp_sink).startswith("http://omero.example.org/webadmin/")


def warnings_of(settings: Any) -> set[str]:
    return {message.id for message in checks.run_checks(tags=["pyomero"])}


def test_the_system_check_warns_about_any_host_when_mail_is_on(settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["*"]
    assert "pyomero.web.W030" not in warnings_of(settings)  # mail is off
    settings.OMERO_CONFIG = MailConfig(settings.OMERO_CONFIG)
    assert "pyomero.web.W030" in warnings_of(settings)
    settings.ALLOWED_HOSTS = ["omero.example.org"]
    assert "pyomero.web.W030" not in warnings_of(settings)
