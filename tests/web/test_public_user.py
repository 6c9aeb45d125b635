"""The public user: anonymous visitors of public URLs are served as one shared account."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from pyomero.model.models import Experimenter
from pyomero.web import public

LOGIN = "/webclient/login/"


def test_it_serves_anonymous_visitors_of_public_urls_as_the_public_user(
    public_site, public_account, client: Client
) -> None:
    public_site({})
    response = client.get("/public/whoami/")
    assert response.status_code == 200
    assert response.content == b"public public=True"


def test_it_sends_visitors_of_other_urls_to_the_login_page(
    public_site, public_account, client: Client
) -> None:
    public_site({})
    response = client.get("/private/whoami/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?url=/private/whoami/"


def test_it_signs_no_one_in_and_stores_no_session(
    public_site, public_account, client: Client
) -> None:
    public_site({})
    response = client.get("/public/whoami/")
    assert "sessionid" not in response.cookies
    assert client.get("/private/whoami/").status_code == 302
    assert client.get("/public/whoami/").content == b"public public=True"


def test_it_does_nothing_when_disabled(public_site, public_account, client: Client) -> None:
    public_site({"omero.web.public.enabled": "false"})
    assert client.get("/public/whoami/").status_code == 302


def test_it_leaves_signed_in_users_as_themselves(
    public_site, public_account, sign_in, client: Client
) -> None:
    public_site({})
    sign_in(client)
    assert client.get("/public/whoami/").content == b"jane public=False"


def test_it_refuses_a_public_post_with_get_only(
    public_site, public_account, client: Client
) -> None:
    public_site({})
    response = client.post("/public/whoami/")
    assert response.status_code == 403
    assert b"public user may only read" in response.content
    assert client.head("/public/whoami/").status_code == 200


def test_it_lets_the_public_user_post_without_get_only(
    public_site, public_account, client: Client
) -> None:
    public_site({"omero.web.public.get_only": "false"})
    assert client.post("/public/whoami/").content == b"public public=True"


def test_it_lets_visitors_sign_in_when_the_filter_matches_everything(
    public_site, public_account, sign_in, client: Client
) -> None:
    public_site({"omero.web.public.url_filter": "^/"})
    assert client.get(LOGIN).status_code == 200
    sign_in(client)
    assert client.get("/public/whoami/").content == b"jane public=False"
    assert client.post("/webclient/logout/").status_code == 302
    assert client.get("/public/whoami/").content == b"public public=True"


def test_it_searches_the_filter_anywhere_in_the_path(
    public_site, public_account, client: Client
) -> None:
    public_site({"omero.web.public.url_filter": "whoami"})
    assert client.get("/private/whoami/").content == b"public public=True"


def test_it_checks_the_public_password_once(
    public_site, public_account, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    check = Experimenter.check_password

    def counting(user: Experimenter, raw: str) -> bool:
        calls.append(raw)
        return check(user, raw)

    monkeypatch.setattr(Experimenter, "check_password", counting)
    public_site({})
    for _ in range(3):
        assert client.get("/public/whoami/").status_code == 200
    assert len(calls) == 1


def test_it_stops_when_the_public_password_changes(
    public_site, public_account, client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    public_site({})
    assert client.get("/public/whoami/").status_code == 200
    public_account.set_password("another-password")
    public_account.save(update_fields=["password"])
    with caplog.at_level(logging.ERROR, logger="pyomero.web.public"):
        assert client.get("/public/whoami/").status_code == 302
    assert "omero.web.public.password is not the password of 'public'" in caplog.text


@pytest.mark.parametrize(
    ("stored", "error"),
    [
        ({"omero.web.public.user": "ghost"}, "omero.web.public.user 'ghost' is not an existing"),
        ({"omero.web.public.password": "wrong"}, "omero.web.public.password is not the password"),
        ({"omero.web.public.user": ""}, "omero.web.public.user is empty"),
    ],
)
def test_it_logs_a_misconfigured_public_user_and_stays_anonymous(
    public_site,
    public_account,
    client: Client,
    caplog: pytest.LogCaptureFixture,
    stored: dict[str, str],
    error: str,
) -> None:
    public_site(stored)
    with caplog.at_level(logging.ERROR, logger="pyomero.web.public"):
        response = client.get("/public/whoami/")
        assert client.get("/public/whoami/").status_code == 302
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?url=/public/whoami/"
    assert [record.levelname for record in caplog.records] == ["ERROR"]  # once, not per request
    assert error in caplog.text


def test_it_refuses_a_disabled_public_user(
    public_site, public_account, client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    Experimenter.objects.filter(pk=public_account.pk).update(is_active=False)
    public_site({})
    with caplog.at_level(logging.ERROR, logger="pyomero.web.public"):
        assert client.get("/public/whoami/").status_code == 302
    assert "'public' is disabled" in caplog.text


def test_it_tries_a_misconfigured_public_user_again_later(
    public_site, client: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(public, "RETRY_SECONDS", 0.0)
    public_site({})
    assert client.get("/public/whoami/").status_code == 302
    Experimenter.objects.create_user(
        "public", password="public-password", first_name="Public", last_name="Visitor"
    )
    assert client.get("/public/whoami/").status_code == 200


def test_it_runs_right_after_authentication(configure) -> None:
    middleware = configure({})["MIDDLEWARE"]
    authentication = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    assert middleware[authentication + 1] == "pyomero.web.public.PublicUserMiddleware"
