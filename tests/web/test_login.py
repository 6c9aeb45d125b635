from __future__ import annotations

import pytest
from django.test import Client

from pyomero.model.models import Experimenter

PASSWORD = "correct-horse-battery"


@pytest.fixture
def jane(db: None) -> Experimenter:
    return Experimenter.objects.create_user(
        "jane", password=PASSWORD, first_name="Jane", last_name="Doe"
    )


def test_it_shows_the_login_form(client: Client) -> None:
    response = client.get("/webclient/login/")
    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b'name="password"' in response.content
    assert b"csrfmiddlewaretoken" in response.content


def test_it_redirects_the_root_to_the_webclient(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/webclient/"


def test_it_sends_anonymous_users_to_the_login_page_with_a_return_url(
    client: Client, db: None
) -> None:
    response = client.get("/webclient/")
    assert response.status_code == 302
    assert response["Location"] == "/webclient/login/?url=/webclient/"


def test_it_signs_in_and_opens_the_webclient(client: Client, jane: Experimenter) -> None:
    response = client.post("/webclient/login/", {"username": "jane", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/webclient/"
    page = client.get("/webclient/")
    assert page.status_code == 200
    assert b"Jane Doe" in page.content


def test_it_returns_to_the_url_it_was_given(client: Client, jane: Experimenter) -> None:
    response = client.post(
        "/webclient/login/?url=/webclient/?show=image-1",
        {"username": "jane", "password": PASSWORD, "url": "/webclient/?show=image-1"},
    )
    assert response["Location"] == "/webclient/?show=image-1"


def test_it_ignores_a_return_url_on_another_site(client: Client, jane: Experimenter) -> None:
    response = client.post(
        "/webclient/login/",
        {"username": "jane", "password": PASSWORD, "url": "https://evil.example/"},
    )
    assert response["Location"] == "/webclient/"


def test_it_refuses_a_wrong_password(client: Client, jane: Experimenter) -> None:
    response = client.post("/webclient/login/", {"username": "jane", "password": "nope"})
    assert response.status_code == 200  # the form again, as OMERO.web
    assert b"check your user name and password" in response.content
    assert client.get("/webclient/").status_code == 302


def test_it_refuses_an_inactive_user(client: Client, jane: Experimenter) -> None:
    Experimenter.objects.filter(pk=jane.pk).update(is_active=False)
    response = client.post("/webclient/login/", {"username": "jane", "password": PASSWORD})
    assert response.status_code == 200 and b"check your user name" in response.content


def test_it_signs_out_on_post(client: Client, jane: Experimenter) -> None:
    client.force_login(jane)
    response = client.post("/webclient/logout/")
    assert response["Location"] == "/webclient/login/"
    assert client.get("/webclient/").status_code == 302


def test_it_does_not_sign_out_on_get(client: Client, jane: Experimenter) -> None:
    client.force_login(jane)
    assert client.get("/webclient/logout/").status_code == 405
    assert client.get("/webclient/").status_code == 200
