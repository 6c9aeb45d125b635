"""The sign-in backend: the signed-in user, loaded on every request, as Django would."""

from __future__ import annotations

import pytest
from django.test import Client

from pyomero.model.context import find_experimenter
from pyomero.model.models import Experimenter
from pyomero.testing.personas import Personas

PASSWORD = "correct-horse-battery"


@pytest.fixture
def jane(db: None) -> Experimenter:
    return Experimenter.objects.create_user(
        "jane", password=PASSWORD, first_name="Jane", last_name="Doe"
    )


def signed_in(user: Experimenter) -> Client:
    client = Client()
    assert client.login(username=user.ome_name, password=PASSWORD)
    return client


def test_it_keeps_a_signed_in_user_signed_in(jane: Experimenter) -> None:
    response = signed_in(jane).get("/webclient/")
    assert response.status_code == 200
    assert response.wsgi_request.user == jane


def test_it_signs_out_a_user_who_was_disabled(jane: Experimenter) -> None:
    client = signed_in(jane)
    Experimenter.objects.filter(pk=jane.pk).update(is_active=False)
    assert client.get("/webclient/")["Location"] == "/webclient/login/?url=/webclient/"


def test_it_signs_out_other_sessions_when_the_password_changes(jane: Experimenter) -> None:
    client = signed_in(jane)
    jane.set_password("another-horse-battery")
    jane.save(update_fields=["password"])
    assert client.get("/webclient/").status_code == 302


def test_it_signs_out_a_deleted_user(jane: Experimenter) -> None:
    client = signed_in(jane)
    jane.delete()
    assert client.get("/webclient/").status_code == 302


def test_it_loads_users_as_the_orm_does(personas: Personas) -> None:
    for persona in ("owner", "restricted_admin"):
        user = personas.user(persona)
        found = find_experimenter(user.pk)
        expected = Experimenter.objects.get(pk=user.pk)
        fields = [field.attname for field in Experimenter._meta.concrete_fields]
        assert [getattr(found, f) for f in fields] == [getattr(expected, f) for f in fields]
    assert find_experimenter(10**9) is None and find_experimenter("x") is None
