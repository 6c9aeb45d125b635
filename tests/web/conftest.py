"""Fixtures of the web tests: Django settings built from an OMERO configuration."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.decorators import login_required
from django.contrib.sessions.backends.file import SessionStore as FileSessionStore
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.test.utils import override_script_prefix
from django.urls import path

from pyomero.conf import Config
from pyomero.model.models import Experimenter
from pyomero.web import urls as web_urls
from pyomero.web.build_settings import (
    build,
    public_user_settings,
    security_settings,
    session_settings,
)
from pyomero.web.public import is_public_request

Configure = Callable[[Mapping[str, str]], dict[str, Any]]

# Settings the request path reads; the database and apps stay those of the test run.
EXTRA_SETTINGS = ("MIDDLEWARE", "FORCE_SCRIPT_NAME", "OMERO_CONFIG", "SECRET_KEY")


def _forget_session_file_path() -> None:
    # Django's file store caches SESSION_FILE_PATH on its class.
    if "_storage_path" in FileSessionStore.__dict__:
        del FileSessionStore._storage_path


@pytest.fixture
def configure(tmp_path: Path) -> Iterator[Configure]:
    """``configure({"omero.web.x": "value"})``: run the test with build()'s settings.

    The stored values are strings, as in config.xml; the server directory is
    ``tmp_path``. Returns every setting build() computed.
    """
    with ExitStack() as stack:

        def apply(stored: Mapping[str, str]) -> dict[str, Any]:
            config = Config(dict(stored), tmp_path)
            built = build(config)
            names = set(EXTRA_SETTINGS)
            for part in (session_settings, security_settings, public_user_settings):
                names.update(part(config))
            stack.enter_context(override_settings(**{name: built[name] for name in names}))
            if built["FORCE_SCRIPT_NAME"]:  # as Django's WSGI handler does for each request
                stack.enter_context(override_script_prefix(built["FORCE_SCRIPT_NAME"] + "/"))
            _forget_session_file_path()
            return built

        yield apply
    _forget_session_file_path()


PASSWORD = "correct-horse-battery"
SignIn = Callable[[Client], HttpResponse]


@pytest.fixture
def jane(db: None) -> Experimenter:
    return Experimenter.objects.create_user(
        "jane", password=PASSWORD, first_name="Jane", last_name="Doe"
    )


@pytest.fixture
def sign_in(jane: Experimenter) -> SignIn:
    """Sign jane in through the login form; returns the login response."""

    def post(client: Client) -> HttpResponse:
        response = client.post("/webclient/login/", {"username": "jane", "password": PASSWORD})
        assert response.status_code == 302, response.content
        return response

    return post


PUBLIC_PASSWORD = "public-password"


@login_required(redirect_field_name="url")
def whoami(request: HttpRequest) -> HttpResponse:
    """A page that needs a signed-in user and says who it was served to."""
    text = f"{request.user.get_username()} public={is_public_request(request)}"
    return HttpResponse(text, content_type="text/plain")


# pyomero's URLs plus one page the public filters of the tests match and one they do not.
class PublicTestUrls:
    urlpatterns = [
        *web_urls.urlpatterns,
        path("public/whoami/", whoami),
        path("private/whoami/", whoami),
    ]
    handler404 = web_urls.handler404


@pytest.fixture
def public_account(db: None) -> Experimenter:
    return Experimenter.objects.create_user(
        "public", password=PUBLIC_PASSWORD, first_name="Public", last_name="Visitor"
    )


@pytest.fixture
def public_site(configure, settings: Any) -> Configure:
    """``public_site({...})``: the public user on ``^/public/``, plus the given keys."""
    settings.ROOT_URLCONF = PublicTestUrls

    def apply(stored: Mapping[str, str]) -> dict[str, Any]:
        return configure(
            {
                "omero.web.public.enabled": "true",
                "omero.web.public.user": "public",
                "omero.web.public.password": PUBLIC_PASSWORD,
                "omero.web.public.url_filter": "^/public/",
                **stored,
            }
        )

    return apply
