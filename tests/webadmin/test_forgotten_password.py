"""The forgotten password: a mailed link with a single-use token that expires."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from tests.webadmin.conftest import MailConfig

from pyomero.model.actions.accounts import do_update_experimenter
from pyomero.model.models import AuditEntry, Experimenter
from pyomero.testing.personas import PASSWORD, Personas

NEW = "a-fresh-long-password-3"


@pytest.fixture
def mail_on(settings: Any, personas: Personas) -> None:
    settings.OMERO_CONFIG = MailConfig(settings.OMERO_CONFIG)
    settings.ALLOWED_HOSTS = ["testserver"]  # mailed links trust a Host only when listed
    do_update_experimenter(personas.ctx("admin"), personas.member, email="member@example.org")


def _ask(client: Client, username: str, email: str) -> Any:
    data = {"username": username, "email": email}
    return client.post("/webadmin/forgotten_password/", data)


def _link(outbox: list[Any]) -> str:
    [message] = outbox
    found = re.search(r"http://testserver(/webadmin/reset_password/\S+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_it_resets_a_password_once_through_the_mailed_link(
    personas: Personas, mail_on: None, mailoutbox: list[Any]
) -> None:
    client = Client()
    assert _ask(client, "member", "MEMBER@example.org").status_code == 200
    assert mailoutbox[0].to == ["member@example.org"]
    link = _link(mailoutbox)
    assert client.get(link).status_code == 200
    done = client.post(link, {"password": NEW, "confirmation": NEW})
    assert done.status_code == 302
    assert "Your new password is set" in client.get(done["Location"]).content.decode()
    assert Experimenter.objects.get(pk=personas.member.pk).check_password(NEW)
    entry = AuditEntry.objects.get(action="experimenter.password_reset")
    assert (entry.actor_name, entry.target_name) == ("member", "member")
    assert client.login(username="member", password=NEW)

    again = Client().post(link, {"password": "yet-another-password-5", "confirmation": "x"})
    assert again.status_code == 404
    assert Experimenter.objects.get(pk=personas.member.pk).check_password(NEW)


def test_it_refuses_an_expired_link(
    personas: Personas, mail_on: None, mailoutbox: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _ask(Client(), "member", "member@example.org")
    link = _link(mailoutbox)
    later = datetime.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    response = Client().post(link, {"password": NEW, "confirmation": NEW})
    assert response.status_code == 404
    assert "expired" in response.content.decode()
    assert Experimenter.objects.get(pk=personas.member.pk).check_password(PASSWORD)


def test_it_answers_the_same_for_unknown_people_and_mails_nobody(
    personas: Personas, mail_on: None, mailoutbox: list[Any]
) -> None:
    known = _ask(Client(), "member", "wrong@example.org")
    unknown = _ask(Client(), "nobody", "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    assert "on its way" in known.content.decode() and "on its way" in unknown.content.decode()
    assert mailoutbox == []


def test_it_refuses_a_weak_new_password(
    personas: Personas, mail_on: None, mailoutbox: list[Any]
) -> None:
    _ask(Client(), "member", "member@example.org")
    response = Client().post(_link(mailoutbox), {"password": "abc", "confirmation": "abc"})
    assert response.status_code == 400
    assert "too short" in response.content.decode()
    assert Experimenter.objects.get(pk=personas.member.pk).check_password(PASSWORD)
