"""Sessions in a shared cache (Redis, memcached), including the guide's MemcachedCache."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pymemcache
import pytest
import redis
from django.core.checks import Warning as CheckWarning
from django.test import Client

from pyomero.cli.main import main
from pyomero.conf import Config, load_config
from pyomero.testing import services
from pyomero.web.build_settings import build
from pyomero.web.caches import resolve_caches
from pyomero.web.checks import check_cache_backends

CACHE_SESSIONS = "django.contrib.sessions.backends.cache"
PYMEMCACHE = "django.core.cache.backends.memcached.PyMemcacheCache"
# OMERO.web's deployment guide, word for word.
GUIDE_CACHES = (
    '{"default": {"BACKEND": "django.core.cache.backends.memcached.MemcachedCache", '
    '"LOCATION": "127.0.0.1:11211"}}'
)


@pytest.fixture(scope="module")
def memcached_location() -> Iterator[str]:
    with services.memcached() as location:
        yield location


def assert_signed_in_from_another_client(client: Client) -> None:
    """Another worker sees only the cookie: it must find the session in the cache."""
    other = Client()
    other.cookies = client.cookies
    page = other.get("/webclient/")
    assert page.status_code == 200
    assert b"Jane Doe" in page.content


def test_it_keeps_sessions_in_redis(configure, sign_in, client: Client) -> None:
    with services.redis_cache() as cache:
        configure(
            {
                "omero.web.session_engine": CACHE_SESSIONS,
                "omero.web.caches": json.dumps({"default": cache}),
            }
        )
        sign_in(client)
        assert_signed_in_from_another_client(client)
        key = f"{cache['KEY_PREFIX']}:1:django.contrib.sessions.cache"
        key += client.cookies["sessionid"].value
        assert redis.Redis.from_url(services.REDIS_URL).ttl(key) > 86000


def test_it_keeps_sessions_in_memcached(
    configure, sign_in, client: Client, memcached_location: str
) -> None:
    cache = {"BACKEND": PYMEMCACHE, "LOCATION": memcached_location}
    configure(
        {
            "omero.web.session_engine": CACHE_SESSIONS,
            "omero.web.caches": json.dumps({"default": cache}),
        }
    )
    sign_in(client)
    assert_signed_in_from_another_client(client)
    host, port = memcached_location.split(":")
    memcache = pymemcache.Client((host, int(port)))
    key = ":1:django.contrib.sessions.cache" + client.cookies["sessionid"].value
    assert memcache.get(key) is not None
    memcache.close()


def test_it_accepts_the_guides_memcached_command_verbatim(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OMERODIR", str(tmp_path))
    assert main(["config", "set", "omero.web.session_engine", CACHE_SESSIONS]) == 0
    assert main(["config", "set", "omero.web.caches", GUIDE_CACHES]) == 0
    built = build(load_config(tmp_path))
    assert built["SESSION_ENGINE"] == CACHE_SESSIONS
    assert built["CACHES"]["default"] == {"BACKEND": PYMEMCACHE, "LOCATION": "127.0.0.1:11211"}


def test_it_warns_that_it_replaced_memcached_cache(configure) -> None:
    configure({"omero.web.caches": GUIDE_CACHES})
    [warning] = check_cache_backends()
    assert isinstance(warning, CheckWarning)
    assert warning.id == "pyomero.web.W001"
    assert "MemcachedCache" in warning.msg and PYMEMCACHE in warning.msg
    assert PYMEMCACHE in warning.hint


def test_it_signs_in_with_the_guides_memcached_cache(
    configure, sign_in, client: Client, memcached_location: str
) -> None:
    configure(
        {
            "omero.web.session_engine": CACHE_SESSIONS,
            "omero.web.caches": GUIDE_CACHES.replace("127.0.0.1:11211", memcached_location),
        }
    )
    sign_in(client)
    assert_signed_in_from_another_client(client)


def test_it_replaces_django_redis_and_drops_its_options(tmp_path: Path) -> None:
    caches = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
    built = build(Config({"omero.web.caches": json.dumps(caches)}, tmp_path))
    assert built["CACHES"]["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }
    [replaced] = resolve_caches(caches)[1]
    assert replaced.dropped_options
    assert "ignores its OPTIONS" in replaced.message()


def test_it_keeps_backends_django_provides(tmp_path: Path) -> None:
    caches = {"default": {"BACKEND": PYMEMCACHE, "LOCATION": "127.0.0.1:11211", "OPTIONS": {}}}
    assert resolve_caches(caches) == (caches, ())
