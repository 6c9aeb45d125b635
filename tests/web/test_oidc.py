"""Single sign-on without a browser: the button, refusals, and users from claims."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from pyomero.conf import Config
from pyomero.model.actions.directory import ExternalAccount, ExternalGroup, do_sso_sign_in
from pyomero.model.errors import ActionForbiddenError, NameTakenError
from pyomero.model.models import Experimenter, ExperimenterGroup
from pyomero.model.models.audit import AuditEntry
from pyomero.testing.services import free_port

SUBJECT = "https://login.example.org 1234"


@pytest.fixture
def oidc_on(settings: Any, db: None) -> None:
    current = settings.OMERO_CONFIG
    stored = {
        **current.stored,
        "omero.web.oidc.enabled": "true",
        "omero.web.oidc.discovery_url": f"http://127.0.0.1:{free_port()}/.well-known/x",
        "omero.web.oidc.client_id": "pyomero",
        "omero.web.oidc.label": "Example University",
    }
    settings.OMERO_CONFIG = Config(stored, current.omerodir)


def account(**fields: Any) -> ExternalAccount:
    values: dict[str, Any] = {
        "first_name": "Grace",
        "last_name": "Hopper",
        "groups": (ExternalGroup("navy-lab"),),
        "sso_subject": SUBJECT,
        **fields,
    }
    return ExternalAccount("grace", **values)


def test_it_shows_the_button_only_when_enabled(client: Client, settings: Any, db: None) -> None:
    assert b"Sign in with" not in client.get("/webclient/login/").content
    assert client.get("/webclient/login/oidc/").status_code == 404


def test_it_shows_the_button_with_the_institutions_name(client: Client, oidc_on: None) -> None:
    page = client.get("/webclient/login/?url=/webclient/").content.decode()
    assert "Sign in with Example University" in page
    assert 'href="/webclient/login/oidc/?url=/webclient/"' in page


def test_it_says_so_when_the_provider_cannot_be_reached(client: Client, oidc_on: None) -> None:
    response = client.get("/webclient/login/oidc/")
    assert response.status_code == 502
    assert "Example University cannot be reached" in response.content.decode()


def test_it_refuses_a_callback_this_browser_did_not_ask_for(client: Client, oidc_on: None) -> None:
    response = client.get("/webclient/login/oidc/callback/?code=abc&state=forged")
    assert response.status_code == 403
    assert "does not match this browser" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_creates_the_user_of_a_first_sign_in_in_its_groups(db: None) -> None:
    grace = do_sso_sign_in(account())
    assert (grace.ome_name, grace.sso_subject, grace.ldap) == ("grace", SUBJECT, False)
    assert not grace.has_usable_password()
    assert ExperimenterGroup.objects.get(name="navy-lab").permissions == "rw----"
    assert AuditEntry.objects.filter(action="experimenter.sso_create").count() == 1


def test_it_finds_the_user_again_by_subject_and_refreshes_it(db: None) -> None:
    first = do_sso_sign_in(account())
    again = do_sso_sign_in(account(last_name="Murray", groups=(ExternalGroup("sea-lab"),)))
    assert again.pk == first.pk and again.last_name == "Murray"
    names = set(again.group_maps.values_list("parent__name", flat=True))
    assert {"navy-lab", "sea-lab"} <= names


def test_it_never_takes_over_an_account_of_the_same_name(db: None) -> None:
    Experimenter.objects.create_user("grace", password="local-pw-1", first_name="G", last_name="L")
    with pytest.raises(NameTakenError, match="does not sign in this way"):
        do_sso_sign_in(account())


def test_it_refuses_a_deactivated_user(db: None) -> None:
    grace = do_sso_sign_in(account())
    Experimenter.objects.filter(pk=grace.pk).update(is_active=False)
    with pytest.raises(ActionForbiddenError, match="deactivated"):
        do_sso_sign_in(account())
