"""What a rendering use case answers: bytes, their type, and an ETag.

The ETag is a digest of everything that changes the bytes (the pixels' revision, the
effective rendering settings, plane, area, format and quality, and the renderer's
version), computed before any pixel is read. A client that already holds that ETag
(``If-None-Match``) gets ``body=None``: the view answers 304 without rendering.
Otherwise the bytes come from the render cache (the Django cache named ``webgateway``,
else ``default``, else memory; checked after the permission check, since the use cases access the
image first) or are rendered and stored there.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection
from dataclasses import dataclass

from django.conf import settings as django_settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache

from pyomero import telemetry

#: Bump when the renderer's output changes for the same inputs.
RENDERER_VERSION = "1"
#: Larger renders are not stored in the cache.
MAX_CACHED_BYTES = 4 * 1024 * 1024
CACHE_PREFIX = "pyomero:render:"
#: Rendered images kept by the in-memory cache (of each process) when none is configured.
MEMORY_ENTRIES = 1000


@dataclass(frozen=True)
class Rendered:
    """A rendered image; ``body`` is None when the client's copy is current."""

    etag: str
    content_type: str
    body: bytes | None

    @property
    def not_modified(self) -> bool:
        return self.body is None


def make_etag(*parts: object) -> str:
    text = "|".join(str(part) for part in (RENDERER_VERSION, *parts))
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:32]


_memory: BaseCache | None = None


def _memory_cache() -> BaseCache:
    global _memory
    if _memory is None:
        _memory = LocMemCache(
            "pyomero-render", {"TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": MEMORY_ENTRIES}}
        )
    return _memory


def render_cache() -> BaseCache:
    """The cache of rendered images: ``webgateway`` when configured, else ``default``;
    when that is Django's dummy cache (``omero.web.caches``' default, as in OMERO.web),
    a bounded in-memory cache of this process."""
    if "webgateway" in django_settings.CACHES:
        return caches["webgateway"]
    default = caches["default"]
    return _memory_cache() if isinstance(default, DummyCache) else default


def conditional(
    etag: str,
    content_type: str,
    if_none_match: Collection[str],
    produce: Callable[[], bytes],
    *,
    use_cache: bool = True,
) -> Rendered:
    """The :class:`Rendered` answer for ``etag``: not modified, cached, or produced now."""
    if etag in if_none_match or "*" in if_none_match:
        return Rendered(etag, content_type, None)
    if not use_cache:
        return Rendered(etag, content_type, produce())
    cache = render_cache()
    key = CACHE_PREFIX + etag
    body = cache.get(key)
    telemetry.count_render_cache(body is not None)
    if body is None:
        body = produce()
        if len(body) <= MAX_CACHED_BYTES:
            cache.set(key, body)
    return Rendered(etag, content_type, body)
