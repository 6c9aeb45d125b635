"""Django system checks for OMERO.web's configuration: stable ids, each with a hint.

======================  =====================================================
id                      problem
======================  =====================================================
``pyomero.web.W001``    omero.web.caches names a backend this Django lacks
                        (MemcachedCache, django-redis); pyomero replaced it
``pyomero.web.E002``    cache sessions on the dummy cache: nobody stays
                        signed in
``pyomero.web.W003``    cache sessions in process memory: not shared by
                        workers, lost on restart
``pyomero.web.E010``    public user enabled without omero.web.public.user
``pyomero.web.W011``    public user enabled, url_filter matches nothing
``pyomero.web.E012``    the public user cannot sign in (unknown, disabled,
                        wrong password); needs the database
``pyomero.web.W013``    the public user is an administrator; needs the database
``pyomero.web.E020``    a SameSite=None cookie without its ``*_secure`` key
``pyomero.web.W030``    mail is on and omero.web.allowed_hosts accepts any
                        Host: mailed links need omero.web.public_url
======================  =====================================================

Checks that read the database run only when Django is given databases
(``check --database default``), as Django's own database checks do. The
checks that need no database are also logged when OMERO.web starts
(:func:`log_configuration_problems`), so an administrator who follows an old
guide sees the warning in the log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core import checks
from django.db import DatabaseError

from pyomero.conf import REGISTRY
from pyomero.web.caches import resolve_caches

logger = logging.getLogger("pyomero.web")

CACHE_SESSIONS = "django.contrib.sessions.backends.cache"
DUMMY_CACHE = "django.core.cache.backends.dummy.DummyCache"
LOCMEM_CACHE = "django.core.cache.backends.locmem.LocMemCache"
CACHES_EXAMPLE = (
    "omero config set omero.web.caches "
    '\'{"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", '
    '"LOCATION": "redis://127.0.0.1:6379"}}\''
)

Messages = list[checks.CheckMessage]


@checks.register("pyomero")
def check_cache_backends(app_configs: Sequence[Any] | None = None, **kwargs: Any) -> Messages:
    config = getattr(settings, "OMERO_CONFIG", None)
    if config is None:
        return []
    _, replaced = resolve_caches(config["omero.web.caches"])
    return [
        checks.Warning(
            item.message(),
            hint=f"Set BACKEND to {item.used} in omero.web.caches to silence this warning.",
            id="pyomero.web.W001",
        )
        for item in replaced
    ]


@checks.register("pyomero")
def check_session_cache(app_configs: Sequence[Any] | None = None, **kwargs: Any) -> Messages:
    if settings.SESSION_ENGINE != CACHE_SESSIONS:
        return []
    alias = getattr(settings, "SESSION_CACHE_ALIAS", "default")
    backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
    if backend == DUMMY_CACHE:
        return [
            checks.Error(
                f"omero.web.session_engine is {CACHE_SESSIONS} but the {alias!r} cache of "
                "omero.web.caches is the dummy cache, which stores nothing: no one can "
                "stay signed in.",
                hint=f"Point the cache at Redis or memcached: {CACHES_EXAMPLE}",
                id="pyomero.web.E002",
            )
        ]
    if backend == LOCMEM_CACHE:
        return [
            checks.Warning(
                f"Sessions are kept in the memory of each worker ({LOCMEM_CACHE}): a user "
                "signed in on one worker is unknown to the others, and everyone is signed "
                "out when OMERO.web restarts.",
                hint=f"Use Redis or memcached: {CACHES_EXAMPLE}",
                id="pyomero.web.W003",
            )
        ]
    return []


@checks.register("pyomero")
def check_public_user(app_configs: Sequence[Any] | None = None, **kwargs: Any) -> Messages:
    if not getattr(settings, "PUBLIC_ENABLED", False):
        return []
    if not settings.PUBLIC_USER:
        return [
            checks.Error(
                "omero.web.public.enabled is true but omero.web.public.user is empty.",
                hint="omero config set omero.web.public.user LOGIN (and public.password).",
                id="pyomero.web.E010",
            )
        ]
    default_filter = REGISTRY["omero.web.public.url_filter"].default
    if getattr(settings.PUBLIC_URL_FILTER, "pattern", None) == default_filter:
        return [
            checks.Warning(
                "The public user is enabled but omero.web.public.url_filter is the default, "
                "which matches no page.",
                hint="omero config set omero.web.public.url_filter '^/webclient'",
                id="pyomero.web.W011",
            )
        ]
    return []


@checks.register("pyomero", checks.Tags.database)
def check_public_account(
    app_configs: Sequence[Any] | None = None,
    databases: Iterable[str] | None = None,
    **kwargs: Any,
) -> Messages:
    if not databases or "default" not in databases:
        return []
    if not getattr(settings, "PUBLIC_ENABLED", False) or not settings.PUBLIC_USER:
        return []
    from pyomero.web.public import PublicUserError, authenticate_public_user

    try:
        user = authenticate_public_user(settings.PUBLIC_USER, settings.PUBLIC_PASSWORD)
    except PublicUserError as exc:
        return [
            checks.Error(
                f"The public user cannot sign in: {exc}; visitors are anonymous.",
                hint="Create the user (omero user add) or fix omero.web.public.user and "
                "omero.web.public.password.",
                id="pyomero.web.E012",
            )
        ]
    except DatabaseError:  # not migrated yet: nothing to say
        return []
    if user.is_admin:
        return [
            checks.Warning(
                f"The public user {user.ome_name!r} is an administrator: every visitor can "
                "see all data.",
                hint="Use an account that is only a member of the groups you publish.",
                id="pyomero.web.W013",
            )
        ]
    return []


@checks.register("pyomero")
def check_samesite_none(app_configs: Sequence[Any] | None = None, **kwargs: Any) -> Messages:
    messages: Messages = []
    for cookie, samesite, secure in (
        ("session", settings.SESSION_COOKIE_SAMESITE, settings.SESSION_COOKIE_SECURE),
        ("csrf", settings.CSRF_COOKIE_SAMESITE, settings.CSRF_COOKIE_SECURE),
    ):
        if str(samesite).lower() == "none" and not secure:
            messages.append(
                checks.Error(
                    f"omero.web.{cookie}_cookie_samesite is None but "
                    f"omero.web.{cookie}_cookie_secure is false: browsers drop such cookies.",
                    hint=f"omero config set omero.web.{cookie}_cookie_secure true (HTTPS only).",
                    id="pyomero.web.E020",
                )
            )
    return messages


@checks.register("pyomero")
def check_any_host_with_mail(app_configs: Sequence[Any] | None = None, **kwargs: Any) -> Messages:
    config = getattr(settings, "OMERO_CONFIG", None)
    if config is None or not config["omero.mail.config"] or "*" not in settings.ALLOWED_HOSTS:
        return []
    unset = "" if config["omero.web.public_url"] else " and omero.web.public_url is empty"
    return [
        checks.Warning(
            "Mail is on (omero.mail.config) and omero.web.allowed_hosts accepts any Host "
            f"header{unset}: anyone can choose the host of the links this site builds.",
            hint="omero config set omero.web.allowed_hosts '[\"omero.example.org\"]' and "
            "omero config set omero.web.public_url https://omero.example.org",
            id="pyomero.web.W030",
        )
    ]


CONFIGURATION_CHECKS: tuple[Callable[..., Messages], ...] = (
    check_cache_backends,
    check_session_cache,
    check_public_user,
    check_samesite_none,
    check_any_host_with_mail,
)


def log_configuration_problems() -> None:
    """Log what the checks that need no database find (called when OMERO.web starts)."""
    for check in CONFIGURATION_CHECKS:
        for message in check():
            level = logging.ERROR if message.is_serious() else logging.WARNING
            logger.log(level, "%s: %s HINT: %s", message.id, message.msg, message.hint)
