"""Django's CACHES from ``omero.web.caches``, with backends OMERO's guides name mapped.

OMERO.web's deployment guide sets the session cache to
``django.core.cache.backends.memcached.MemcachedCache``, which Django removed in
4.1 (its client, python-memcached, is unmaintained). Later OMERO.web guides name
``django_redis.cache.RedisCache`` from the django-redis package. So that the
guide's commands work as written, each is replaced by the backend Django ships
for the same server (PyMemcacheCache, RedisCache), and the replacement is
reported: a system check warning (``pyomero.web.W001``, see
:mod:`pyomero.web.checks`) and a log line when OMERO.web starts.

Pure: no Django import, so that the settings module can call it.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

PYMEMCACHE = "django.core.cache.backends.memcached.PyMemcacheCache"
REDIS = "django.core.cache.backends.redis.RedisCache"

# Old or third-party backend -> (Django's backend, module that keeps the old name usable).
REPLACEMENTS: dict[str, tuple[str, str | None]] = {
    "django.core.cache.backends.memcached.MemcachedCache": (PYMEMCACHE, None),
    "django_redis.cache.RedisCache": (REDIS, "django_redis"),
}


@dataclass(frozen=True)
class ReplacedBackend:
    """One cache of omero.web.caches whose BACKEND pyomero replaced."""

    alias: str
    configured: str
    used: str
    dropped_options: bool

    def message(self) -> str:
        text = (
            f"omero.web.caches[{self.alias!r}] names {self.configured}, which this Django "
            f"does not provide; pyomero uses {self.used} for the same server instead"
        )
        if self.dropped_options:
            text += " and ignores its OPTIONS, which were written for the other client"
        return text + "."


def resolve_caches(
    caches: Mapping[str, Mapping[str, Any]],
) -> tuple[dict[str, dict[str, Any]], tuple[ReplacedBackend, ...]]:
    """Django's CACHES for ``omero.web.caches`` and the backends that were replaced."""
    resolved: dict[str, dict[str, Any]] = {}
    replaced: list[ReplacedBackend] = []
    for alias, cache in caches.items():
        entry = dict(cache)
        backend = entry.get("BACKEND", "")
        replacement = REPLACEMENTS.get(backend)
        if replacement is not None and not _installed(replacement[1]):
            entry["BACKEND"] = replacement[0]
            dropped = bool(entry.pop("OPTIONS", None))
            replaced.append(ReplacedBackend(alias, backend, replacement[0], dropped))
        resolved[alias] = entry
    return resolved, tuple(replaced)


def _installed(module: str | None) -> bool:
    return module is not None and importlib.util.find_spec(module) is not None


#: Backends shared by every worker and host: tiles get an alias of their own there.
SHARED_BACKENDS = (REDIS, PYMEMCACHE, "django.core.cache.backends.memcached.PyLibMCCache")
#: Seconds a rendered tile stays in the tiles alias made by :func:`with_tile_alias`.
TILE_TIMEOUT = 24 * 3600


def with_tile_alias(caches: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """``caches`` plus a ``webgateway`` alias (the render cache's) when ``default`` is on
    Redis or memcached and none is configured: the same server under a key prefix of its
    own and a day's expiry, so that tiles never share keys, expiry or ``clear()`` with
    the sessions (which stay on ``default``). An explicit ``webgateway`` entry wins."""
    resolved = {alias: dict(entry) for alias, entry in caches.items()}
    default = resolved.get("default", {})
    if "webgateway" in resolved or default.get("BACKEND") not in SHARED_BACKENDS:
        return resolved
    prefix = str(default.get("KEY_PREFIX", ""))
    resolved["webgateway"] = {
        **default,
        "KEY_PREFIX": f"{prefix}:tiles" if prefix else "tiles",
        "TIMEOUT": TILE_TIMEOUT,
    }
    return resolved
