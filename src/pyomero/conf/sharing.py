"""What a configuration shares with other hosts: the facts several checks need.

Pure (no Django): ``omero web start`` refuses a shared-session deployment with a
generated secret key, and the web app's system check says the same.
"""

from __future__ import annotations

from pyomero.conf.config import Config

#: Cache backends whose data other hosts (and every worker) see.
SHARED_CACHES = (
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
    "django.core.cache.backends.memcached.MemcachedCache",
    "django_redis.cache.RedisCache",
)
CACHE_ENGINES = (
    "django.contrib.sessions.backends.cache",
    "django.contrib.sessions.backends.cached_db",
)
DB_ENGINES = ("django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db")


def shared_sessions(config: Config) -> str | None:
    """Where sessions are kept for several hosts, in words; None when they are not."""
    engine = config["omero.web.session_engine"]
    if engine in CACHE_ENGINES:
        cache = config["omero.web.caches"].get("default", {})
        if cache.get("BACKEND") in SHARED_CACHES:
            return f"sessions in the shared cache {cache.get('LOCATION', '')}".rstrip()
    if engine in DB_ENGINES and config["omero.db.engine"] == "postgresql":
        return "sessions in the PostgreSQL database"
    return None


def secret_key_problem(config: Config) -> str | None:
    """Why this configuration must not start with a generated secret key, or None."""
    shared = shared_sessions(config)
    if shared is None or config["omero.web.secret_key"]:
        return None
    return (
        f"omero.web.secret_key is not set but OMERO.web keeps {shared}: each host would "
        "sign sessions with a key of its own and sign everyone out of the others"
    )


SECRET_KEY_HINT = (
    "Set the same key on every host: omero config set omero.web.secret_key "
    "\"$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')\""
)
