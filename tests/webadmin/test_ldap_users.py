"""webadmin and LDAP users: shown with their DN, no local password to change."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from tests.webadmin.conftest import MailConfig, SignedIn

from pyomero.model.actions.directory import ExternalAccount, ExternalGroup, do_create_external_user
from pyomero.model.models import Experimenter
from pyomero.testing.personas import Personas

DN = "uid=lena,ou=Biology,ou=people,dc=example,dc=org"


@pytest.fixture
def lena(personas: Personas) -> Experimenter:
    account = ExternalAccount(
        "lena",
        first_name="Lena",
        last_name="Meitner",
        email="lena@example.org",
        groups=(ExternalGroup(personas.group.name),),
        ldap_dn=DN,
    )
    return do_create_external_user(account)


def test_it_lists_ldap_users_with_their_dn(signed_in: SignedIn, lena: Experimenter) -> None:
    page = signed_in("admin").get("/webadmin/experimenters/").content.decode()
    assert f'<span class="badge ldap" title="{DN}">LDAP</span>' in page
    assert "<td>Local</td>" in page  # the personas are local users


def test_it_shows_the_dn_on_the_edit_page_without_a_password_link(
    signed_in: SignedIn, lena: Experimenter
) -> None:
    page = signed_in("admin").get(f"/webadmin/experimenter/edit/{lena.pk}/").content.decode()
    assert DN in page
    assert f"/change_password/{lena.pk}/" not in page


def test_it_refuses_to_change_an_ldap_users_password(
    signed_in: SignedIn, lena: Experimenter
) -> None:
    admin = signed_in("admin")
    url = f"/webadmin/change_password/{lena.pk}/"
    page = admin.get(url)
    assert page.status_code == 403
    assert "changed there" in page.content.decode()
    posted = admin.post(url, {"password": "a-new-long-password-1", "confirmation": "x"})
    assert posted.status_code == 403
    lena.refresh_from_db()
    assert not lena.has_usable_password()


def test_it_tells_ldap_users_on_their_account_page(lena: Experimenter) -> None:
    client = Client()
    client.force_login(lena)
    page = client.get("/webadmin/myaccount/").content.decode()
    assert "change your password with your institution" in page


def test_it_mails_ldap_users_to_their_institution_instead_of_a_link(
    settings: Any, lena: Experimenter
) -> None:
    settings.OMERO_CONFIG = MailConfig(settings.OMERO_CONFIG)
    settings.ALLOWED_HOSTS = ["testserver"]  # mailed links trust a Host only when listed
    response = Client().post(
        "/webadmin/forgotten_password/", {"username": "lena", "email": "lena@example.org"}
    )
    assert response.status_code == 200
    [message] = mail.outbox
    assert "institution's IT service" in message.body
    assert "reset_password" not in message.body
