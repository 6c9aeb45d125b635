"""OMERO.web's webclient login: a refused sign-in answers 200 with the form and its
message (pyomero answered 403); a good one 302 to ``?url=`` or the webclient."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from tests.contracts.omeroweb import get, post

from pyomero.testing.personas import PASSWORD, Personas


def login_client() -> Client:
    """test_login.py's ``django_root_client`` before signing in: CSRF enforced."""
    client = Client(enforce_csrf_checks=True)
    get(client, reverse("weblogin"))  # sets the CSRF cookie, as a browser's first visit
    return client


@pytest.mark.parametrize(
    ("credentials", "message"),
    [
        ({"username": "guest", "password": "fake"}, "Guest account is not supported."),
        ({"username": "nobody", "password": ""}, 'class="field-error"'),
        ({"password": "fake"}, 'class="field-error"'),
        ({"username": "g", "password": "0.123"}, "please check your user name and password."),
    ],
)
def test_login_errors(db, credentials: dict[str, str], message: str) -> None:
    """test_login.py::TestLogin::test_login_errors: each answers 200 with the form and
    OMERO's message (``server`` is sent too, and ignored); a missing field is marked
    by pyomero's own words ("Enter your password.") where OMERO says "This field is
    required."."""
    rsp = post(login_client(), reverse("weblogin"), {**credentials, "server": 1})
    assert message.encode() in rsp.content
    assert b'name="password"' in rsp.content


def test_get_login_page(db) -> None:
    """test_login.py::TestLogin::test_get_login_page: a GET answers the page (pyomero's
    title is its own)."""
    rsp = get(Client(), reverse("weblogin"))
    assert b'name="username"' in rsp.content and b'name="password"' in rsp.content


@pytest.mark.parametrize("redirect", ["", "/webclient/usertags/"])
def test_login_redirect(personas: Personas, redirect: str) -> None:
    """test_login.py::TestLogin::test_login_redirect: 302 to ``?url=`` or /webclient/."""
    url = f"{reverse('weblogin')}?url={redirect}"
    data = {"username": personas.member.ome_name, "password": PASSWORD, "server": 1}
    rsp = post(login_client(), url, data, status_code=302)
    assert rsp["Location"].endswith(redirect or reverse("webindex"))
