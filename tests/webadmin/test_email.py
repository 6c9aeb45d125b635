"""``email/``: an administrator writes to groups and users through a real SMTP server."""

from __future__ import annotations

from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from tests.webadmin.conftest import SignedIn, SmtpServer

from pyomero.conf import Config
from pyomero.model.actions.accounts import do_update_experimenter
from pyomero.testing.personas import Personas
from pyomero.web.build_settings import mail_settings


def _give_addresses(personas: Personas) -> None:
    admin = personas.ctx("admin")
    for persona in ("owner", "member", "colleague", "group_owner", "outsider"):
        do_update_experimenter(admin, personas.user(persona), email=f"{persona}@example.org")


def test_it_mails_the_members_of_a_group(
    personas: Personas, signed_in: SignedIn, smtp_server: SmtpServer
) -> None:
    _give_addresses(personas)
    response = signed_in("admin").post(
        "/webadmin/email/",
        {
            "subject": "Microscope booking",
            "message": "The confocal is down.",
            "groups": [personas.group.pk],
        },
    )
    assert response.status_code == 200
    assert "Sent to 4 recipients" in response.content.decode()
    [envelope] = smtp_server.envelopes
    assert sorted(envelope.rcpt_tos) == [
        "colleague@example.org",
        "group_owner@example.org",
        "member@example.org",
        "owner@example.org",
    ]
    message = message_from_bytes(envelope.content)
    assert message["Subject"] == "Microscope booking"
    assert message["From"] == "omero@example.org"
    assert "To" not in message and "Bcc" not in message  # nobody sees the others
    assert "The confocal is down." in message.get_payload()


def test_it_refuses_non_administrators(
    personas: Personas, signed_in: SignedIn, smtp_server: SmtpServer
) -> None:
    _give_addresses(personas)
    form = {"subject": "Hi", "message": "Hello", "everyone": "on"}
    for persona in ("group_owner", "member", "outsider"):
        assert signed_in(persona).post("/webadmin/email/", form).status_code == 403
    assert smtp_server.envelopes == []


def test_it_says_when_mail_is_turned_off(personas: Personas, signed_in: SignedIn) -> None:
    form = {"subject": "Hi", "message": "Hello", "everyone": "on"}
    response = signed_in("admin").post("/webadmin/email/", form)
    assert response.status_code == 503
    assert "omero.mail.config" in response.content.decode()


@pytest.mark.parametrize("auth", ["true", "false"])
def test_it_logs_in_to_the_smtp_server_only_when_smtp_auth_is_on(
    auth: str,
    personas: Personas,
    signed_in: SignedIn,
    smtp_server: SmtpServer,
    settings: Any,
    tmp_path: Path,
) -> None:
    stored = {
        "omero.mail.username": "mailer",
        "omero.mail.password": "s3cret",
        "omero.mail.smtp.auth": auth,
    }
    built = mail_settings(Config(stored, tmp_path))
    settings.EMAIL_HOST_USER = built["EMAIL_HOST_USER"]
    settings.EMAIL_HOST_PASSWORD = built["EMAIL_HOST_PASSWORD"]
    _give_addresses(personas)
    response = signed_in("admin").post(
        "/webadmin/email/", {"subject": "Hi", "message": "Hello.", "groups": [personas.group.pk]}
    )
    assert "Sent to 4 recipients" in response.content.decode()
    assert len(smtp_server.envelopes) == 1
    assert smtp_server.logins == ([("mailer", "s3cret")] if auth == "true" else [])
