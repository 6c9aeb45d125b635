"""With sessions on Redis or memcached, tiles get a cache alias of their own by default."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pyomero.conf import Config
from pyomero.web.build_settings import build

REDIS = "django.core.cache.backends.redis.RedisCache"


def caches_for(tmp_path: Path, caches: dict[str, object]) -> dict[str, dict[str, object]]:
    config = Config({"omero.web.caches": json.dumps(caches)}, tmp_path)
    found: dict[str, dict[str, object]] = build(config)["CACHES"]
    return found


def test_tiles_get_their_own_alias_beside_sessions_on_redis(tmp_path: Path) -> None:
    default = {"BACKEND": REDIS, "LOCATION": "redis://r:6379/1", "KEY_PREFIX": "site"}
    caches = caches_for(tmp_path, {"default": default})
    assert caches["default"] == default  # the sessions', unchanged
    assert caches["webgateway"] == {**default, "KEY_PREFIX": "site:tiles", "TIMEOUT": 86400}


def test_an_explicit_tile_cache_wins(tmp_path: Path) -> None:
    tiles = {"BACKEND": REDIS, "LOCATION": "redis://tiles:6379/0"}
    caches = caches_for(
        tmp_path, {"default": {"BACKEND": REDIS, "LOCATION": "x"}, "webgateway": tiles}
    )
    assert caches["webgateway"] == tiles


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.dummy.DummyCache",
        "django.core.cache.backends.locmem.LocMemCache",
    ],
)
def test_a_cache_of_one_process_gets_no_tile_alias(tmp_path: Path, backend: str) -> None:
    assert "webgateway" not in caches_for(tmp_path, {"default": {"BACKEND": backend}})


def test_the_render_cache_uses_the_tile_alias(settings: object, tmp_path: Path) -> None:
    from django.core.cache import caches

    from pyomero.imaging.rendered import render_cache
    from pyomero.testing.services import redis_cache

    with redis_cache() as default:
        built = caches_for(tmp_path, {"default": default})
        settings.CACHES = built  # type: ignore[attr-defined]
        cache = render_cache()
        cache.set("probe", b"tile")
        assert caches["webgateway"] is cache
        assert caches["default"].get("probe") is None  # not in the sessions' keys
        assert cache.get("probe") == b"tile"
        cache.delete("probe")
