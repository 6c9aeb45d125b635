"""Where the server keeps files: the repositories of ``omero.data.dir`` or of the object
store named by ``omero.data.store_url``, as :class:`~pyomero.pixels.store.files.FileStore`.

- ``ManagedRepository/``: the originals of imported filesets (OMERO's layout);
- ``Files/``: attached files and the files the server writes (OMERO.figure);
- ``Thumbnails/``: rendered thumbnails, a cache that may be lost.

New files go to :func:`files_root`; an OriginalFile remembers the root it was written
to (``OriginalFile.store``, empty for the data directory), so that changing the setting
leaves older files readable where they are.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial
from typing import IO

from django.conf import settings
from django.db import transaction

from pyomero.model.models import OriginalFile
from pyomero.pixels.store.files import FileKeyError, FileStore
from pyomero.pixels.store.location import Location

log = logging.getLogger(__name__)

MANAGED = "ManagedRepository"
FILES = "Files"
THUMBNAILS = "Thumbnails"


def data_root() -> str:
    """``omero.data.dir`` of the running server."""
    return str(settings.OMERO_CONFIG.data_dir())


def files_root() -> str:
    """Where new files go: ``omero.data.store_url``, else ``omero.data.dir``."""
    return str(settings.OMERO_CONFIG.files_root())


def row_store() -> str:
    """``OriginalFile.store`` of a file written now: the object store's URL, or empty
    for the data directory."""
    return str(settings.OMERO_CONFIG["omero.data.store_url"])


def repository(name: str, root: str | None = None) -> FileStore:
    """Repository ``name`` under ``root`` (default: where new files go)."""
    return FileStore.of(root or files_root()) / name


def roots() -> list[str]:
    """The data directory, and the object store when one is configured."""
    found = [data_root()]
    if files_root() not in found:
        found.append(files_root())
    return found


@dataclass(frozen=True)
class StoredBytes:
    """The bytes of one OriginalFile: a key in a file store."""

    store: FileStore
    key: str

    @property
    def url(self) -> str:
        return self.store.url_of(self.key)

    def size(self) -> int | None:
        return self.store.size(self.key)

    def exists(self) -> bool:
        return self.store.exists(self.key)

    def open(self) -> IO[bytes]:
        return self.store.open(self.key)

    def read_bytes(self) -> bytes | None:
        return self.store.read_bytes(self.key)

    def remove(self) -> None:
        self.store.remove(self.key)


def bytes_of(file: OriginalFile) -> StoredBytes | None:
    """Where the bytes of ``file`` are: ``<repo>/<path>/<name>`` (``Files/<id>`` for an
    attached file with no path); None for a file in no repository the server keeps, or
    whose path would leave its repository."""
    repo = file.repo or MANAGED
    if repo not in (MANAGED, FILES):
        return None
    folder = file.path.strip("/")
    if repo == FILES and not folder:
        key = str(file.pk)
    else:
        key = f"{folder}/{file.name}" if folder else file.name
    store = repository(repo, file.store or data_root())
    try:
        store.url_of(key)
    except FileKeyError:
        return None
    return StoredBytes(store, key)


def thumbnails(pixels_id: int, root: str | None = None) -> FileStore:
    """The thumbnails of one Pixels row (every revision and size) under ``root``."""
    return repository(THUMBNAILS, root) / str(pixels_id)


def pyramid_of(path: str) -> Location:
    """Where a Pixels row's pyramid is: its path under the data dir, or the URL it holds."""
    return Location.of(path if "://" in path else f"{data_root()}/{path}")


def remove_pixels_bytes(pixels: list[tuple[int, str]]) -> None:
    """Remove the pyramids and thumbnails of ``(pixels id, path)`` rows, wherever they are
    (the data directory, the object stores); a store that fails is logged, not raised:
    ``omero admin check`` lists what was left."""
    for pk, path in pixels:
        try:
            if path:
                pyramid_of(path).remove()
            for root in roots():
                thumbnails(pk, root).remove_tree("")
        except OSError:
            log.warning("could not remove the pixels of Pixels:%s", pk, exc_info=True)


def remove_pixels_after_commit(pixels: list[tuple[int, str]]) -> None:
    if pixels:
        transaction.on_commit(partial(remove_pixels_bytes, pixels))
