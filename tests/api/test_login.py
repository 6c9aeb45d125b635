"""``POST /api/v0/login/``: form or JSON, OMERO's event context, errors as OMERO's."""

from __future__ import annotations

from django.test import Client

from pyomero.testing.personas import PASSWORD, Personas

from .conftest import API, M

LOGIN = f"{API}login/"


def test_it_signs_in_with_a_form_and_answers_with_the_event_context(
    client: Client, personas: Personas
) -> None:
    response = client.post(LOGIN, {"username": "member", "password": PASSWORD, "server": 1})
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is True
    context = body["eventContext"]
    assert context["userId"] == personas.member.pk
    assert context["userName"] == "member"
    assert context["groupId"] == personas.group.pk
    assert context["groupName"] == personas.group.name
    assert context["isAdmin"] is False
    assert personas.group.pk in context["memberOfGroups"]
    assert context["leaderOfGroups"] == []
    assert client.get(f"{M}projects/").status_code == 200


def test_it_signs_in_with_json(client: Client, personas: Personas) -> None:
    body = {"username": "admin", "password": PASSWORD, "server": 1}
    response = client.post(LOGIN, body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["eventContext"]["isAdmin"] is True


def test_it_refuses_wrong_credentials_with_403_and_a_message(
    client: Client, personas: Personas
) -> None:
    response = client.post(LOGIN, {"username": "member", "password": "wrong", "server": 1})
    assert response.status_code == 403
    assert "user name and password" in response.json()["message"]
    assert client.get(f"{M}projects/").status_code == 403


def test_it_names_missing_fields(client: Client, db: None) -> None:
    response = client.post(LOGIN, {"server": 1})
    assert response.status_code == 403
    message = response.json()["message"]
    assert "Username: This field is required." in message
    assert "Password: This field is required." in message


def test_it_refuses_an_unknown_server(client: Client, personas: Personas) -> None:
    response = client.post(LOGIN, {"username": "member", "password": PASSWORD, "server": 7})
    assert response.status_code == 403
    assert "Server" in response.json()["message"]


def test_it_answers_get_with_405(client: Client, db: None) -> None:
    response = client.get(LOGIN)
    assert response.status_code == 405
    assert response.json() == {"message": "POST only with username, password, server and csrftoken"}


def test_it_requires_the_csrf_token(personas: Personas) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "member", "password": PASSWORD})
    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]


def test_it_signs_out(client: Client, personas: Personas) -> None:
    client.post(LOGIN, {"username": "member", "password": PASSWORD})
    response = client.post(f"{API}logout/")
    assert response.json() == {"success": True}
    assert client.get(f"{M}projects/").status_code == 403
