"""Opened pixel pyramids, shared by every request of the process.

Opening a store reads its metadata (a few small files, or object-store requests), so
each is opened once and kept, keyed by its location and the pixels' revision: a pyramid
is written once, and anything that replaces it changes the revision. The cache is
bounded (least recently used stores are dropped) and safe to use from many threads.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from datetime import datetime
from pathlib import Path

from pyomero.imaging.config import imaging_config
from pyomero.imaging.errors import PixelsNotReadyError, PixelsUnavailableError
from pyomero.model.models import Pixels, PixelsState
from pyomero.pixels import NgffSeries, open_pyramid

#: Stores kept open at once.
MAX_OPEN_STORES = 256

_lock = threading.Lock()
_open: OrderedDict[tuple[str, str], NgffSeries] = OrderedDict()


def pixels_location(pixels: Pixels) -> str:
    """Where the pyramid is: ``Pixels.path`` under ``omero.data.dir`` unless absolute/URL."""
    path = pixels.path
    if not path:
        raise PixelsUnavailableError(f"Image {pixels.image_id} has no pixel pyramid")
    return _location(imaging_config().data_dir, path)


@functools.lru_cache(maxsize=4096)
def _location(data_dir: Path, path: str) -> str:
    if "://" in path or Path(path).is_absolute():
        return path
    return str(data_dir / path)


def pixels_revision(pixels: Pixels) -> str:
    """A short token that changes whenever the pixel data may have changed."""
    return _revision(pixels.pk, pixels.path, pixels.state, pixels.updated)


@functools.lru_cache(maxsize=4096)  # every request of a tile asks, more than once
def _revision(pk: int, path: str, state: str, updated: datetime) -> str:
    text = f"{pk}|{path}|{state}|{updated.isoformat()}"
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:16]


def check_ready(pixels: Pixels) -> None:
    """Raise unless the pixels can be read: still being written, or failed."""
    if pixels.state == PixelsState.WRITING:
        raise PixelsNotReadyError(pixels.image_id)
    if pixels.state == PixelsState.FAILED:
        raise PixelsUnavailableError(f"the import of Image {pixels.image_id} failed")


def open_pixels(pixels: Pixels) -> NgffSeries:
    """The opened pyramid of ``pixels`` (from the process-wide cache when possible)."""
    check_ready(pixels)
    key = (pixels_location(pixels), pixels_revision(pixels))
    with _lock:
        found = _open.get(key)
        if found is not None:
            _open.move_to_end(key)
            return found
    series = open_pyramid(key[0])  # outside the lock: may be slow on an object store
    with _lock:
        _open[key] = series
        while len(_open) > MAX_OPEN_STORES:
            _open.popitem(last=False)
    return series


def forget_stores() -> None:
    """Drop every opened store (tests; after moving data directories)."""
    with _lock:
        _open.clear()
