"""System checks of OMERO.web's configuration: stable ids, a hint each."""

from __future__ import annotations

import json
import logging

import pytest
from django.core.checks import run_checks

from pyomero.model.models import Experimenter
from pyomero.web.checks import log_configuration_problems

CACHE_SESSIONS = "django.contrib.sessions.backends.cache"
PUBLIC = {
    "omero.web.public.enabled": "true",
    "omero.web.public.user": "public",
    "omero.web.public.password": "public-password",
    "omero.web.public.url_filter": "^/webclient",
}


def ids(databases: list[str] | None = None) -> list[str]:
    messages = run_checks(tags=["pyomero"], databases=databases)
    assert all(message.hint for message in messages)
    return [message.id for message in messages]


def test_it_finds_nothing_wrong_with_the_defaults(configure, db: None) -> None:
    configure({})
    assert ids(["default"]) == []


def test_it_warns_about_a_replaced_cache_backend(configure) -> None:
    configure(
        {
            "omero.web.caches": json.dumps(
                {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://x"}}
            )
        }
    )
    assert ids() == ["pyomero.web.W001"]


def test_it_refuses_cache_sessions_on_the_dummy_cache(configure) -> None:
    configure({"omero.web.session_engine": CACHE_SESSIONS})
    assert ids() == ["pyomero.web.E002"]


def test_it_warns_about_cache_sessions_in_worker_memory(configure) -> None:
    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    configure({"omero.web.session_engine": CACHE_SESSIONS, "omero.web.caches": json.dumps(locmem)})
    assert ids() == ["pyomero.web.W003"]


def test_it_refuses_a_public_user_without_a_name(configure) -> None:
    configure({**PUBLIC, "omero.web.public.user": ""})
    assert ids() == ["pyomero.web.E010"]


def test_it_warns_that_the_default_public_filter_matches_nothing(configure) -> None:
    stored = {key: value for key, value in PUBLIC.items() if not key.endswith("url_filter")}
    configure(stored)
    assert ids() == ["pyomero.web.W011"]


def test_it_checks_the_public_account_only_with_a_database(configure, db: None) -> None:
    configure(PUBLIC)
    assert ids() == []
    assert ids(["default"]) == ["pyomero.web.E012"]


def test_it_refuses_a_wrong_public_password(configure, public_account) -> None:
    configure({**PUBLIC, "omero.web.public.password": "nope"})
    [error] = run_checks(tags=["pyomero"], databases=["default"])
    assert error.id == "pyomero.web.E012"
    assert "omero.web.public.password is not the password of 'public'" in error.msg


def test_it_accepts_a_working_public_account(configure, public_account) -> None:
    configure(PUBLIC)
    assert ids(["default"]) == []


def test_it_warns_about_an_administrator_as_public_user(configure, db: None) -> None:
    Experimenter.objects.create_user(
        "public", password="public-password", first_name="P", last_name="U", admin=True
    )
    configure(PUBLIC)
    assert ids(["default"]) == ["pyomero.web.W013"]


def test_it_refuses_samesite_none_cookies_without_https(configure) -> None:
    configure({"omero.web.session_cookie_samesite": "None"})
    assert ids() == ["pyomero.web.E020"]
    configure(
        {"omero.web.session_cookie_samesite": "None", "omero.web.session_cookie_secure": "true"}
    )
    assert ids() == []


def test_it_logs_configuration_problems_at_start(
    configure, caplog: pytest.LogCaptureFixture
) -> None:
    configure({"omero.web.session_engine": CACHE_SESSIONS})
    with caplog.at_level(logging.WARNING, logger="pyomero.web"):
        log_configuration_problems()
    [record] = caplog.records
    assert record.levelname == "ERROR"
    assert record.getMessage().startswith("pyomero.web.E002: ")
