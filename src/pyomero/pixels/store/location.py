"""Where a store lives: a local directory or an fsspec URL (``s3://bucket/key``...).

A store is written under a hidden staging name beside its final name and then moved in
one step (an atomic ``rename`` on a local disk; on an object store the move copies and
the root metadata, written last, marks the store complete).
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pyomero.pixels.errors import StoreExists, StoreNotFound

STAGING_PREFIX = ".pyomero-partial-"


class ChunkIO(ABC):
    """Bytes by key under one root; safe to share between threads."""

    @abstractmethod
    def get(self, key: str) -> bytes | None:
        """The bytes under ``key``, or None when there is no such key."""

    @abstractmethod
    def put(self, key: str, data: bytes) -> None: ...

    def get_many(self, keys: Iterable[str]) -> list[bytes | None]:
        return [self.get(key) for key in keys]


class LocalIO(ChunkIO):
    def __init__(self, root: Path) -> None:
        self.root = root
        self._made: set[str] = set()

    def get(self, key: str) -> bytes | None:
        try:
            with open(os.path.join(self.root, key), "rb") as handle:
                return handle.read()
        except FileNotFoundError:
            return None

    def put(self, key: str, data: bytes) -> None:
        path = os.path.join(self.root, key)
        folder = os.path.dirname(path)
        if folder not in self._made:
            os.makedirs(folder, exist_ok=True)
            self._made.add(folder)
        with open(path, "wb") as handle:
            handle.write(data)


class FsspecIO(ChunkIO):
    def __init__(self, fs: Any, root: str) -> None:
        self.fs = fs
        self.root = root.rstrip("/")

    def get(self, key: str) -> bytes | None:
        try:
            data = self.fs.cat_file(f"{self.root}/{key}")
        except FileNotFoundError:
            return None
        return bytes(data)

    def get_many(self, keys: Iterable[str]) -> list[bytes | None]:
        paths = [f"{self.root}/{key}" for key in keys]
        found: dict[str, Any] = self.fs.cat(paths, on_error="omit")
        return [bytes(found[p]) if p in found else None for p in paths]

    def put(self, key: str, data: bytes) -> None:
        self.fs.pipe_file(f"{self.root}/{key}", data)


def _send_md5_with_bulk_deletes(fs: Any) -> None:
    """S3's DeleteObjects: recent botocore sends a CRC32 checksum where S3 used to take
    Content-MD5, and servers that follow the original API (OpenStack Swift's s3api,
    Ceph, MinIO's older releases) refuse the request without Content-MD5: add it."""
    if getattr(fs, "_pyomero_md5", False) or "s3" not in getattr(fs, "protocol", ()):
        return
    fs.connect()
    fs.s3.meta.events.register("before-call.s3.DeleteObjects", _add_content_md5)
    fs._pyomero_md5 = True


def _add_content_md5(params: dict[str, Any], **kwargs: Any) -> None:
    body = params.get("body")
    if isinstance(body, bytes | bytearray) and "Content-MD5" not in params["headers"]:
        digest = hashlib.md5(body, usedforsecurity=False).digest()
        params["headers"]["Content-MD5"] = base64.b64encode(digest).decode("ascii")


#: Objects removed per DeleteObjects request. S3 takes up to 1,000, but Swift's S3 layer
#: deletes them one by one before it answers: 1,000 chunks of a pyramid on a busy server
#: outlast the client's read timeout (and each retry sends them all again).
DELETE_BATCH = 200


def remove_objects(fs: Any, names: list[str]) -> None:
    """Remove the objects ``names`` in requests of :data:`DELETE_BATCH`."""
    for start in range(0, len(names), DELETE_BATCH):
        fs.rm(names[start : start + DELETE_BATCH])


@dataclass(frozen=True)
class Location:
    """A store's address: a local path, or a URL with an fsspec protocol."""

    url: str

    @classmethod
    def of(cls, where: str | os.PathLike[str] | Location) -> Location:
        if isinstance(where, Location):
            return where
        text = os.fspath(where)
        if "://" not in text or text.startswith("file://"):
            text = str(Path(text.removeprefix("file://")).absolute())
        return cls(text)

    @property
    def is_local(self) -> bool:
        return "://" not in self.url

    @property
    def name(self) -> str:
        return PurePosixPath(self.url.rstrip("/")).name

    def _fs(self) -> tuple[Any, str]:
        from fsspec.core import url_to_fs  # type: ignore[import-untyped]

        fs, path = url_to_fs(self.url)
        _send_md5_with_bulk_deletes(fs)
        return fs, str(path)

    def io(self) -> ChunkIO:
        if self.is_local:
            return LocalIO(Path(self.url))
        fs, path = self._fs()
        return FsspecIO(fs, path)

    def exists(self) -> bool:
        if self.is_local:
            return Path(self.url).exists()
        fs, path = self._fs()
        return bool(fs.exists(path))

    def staging(self) -> Location:
        """A fresh hidden sibling to write into before :meth:`commit`."""
        parent = self.url.rstrip("/").rsplit("/", 1)[0]
        return Location(f"{parent}/{STAGING_PREFIX}{self.name}-{uuid.uuid4().hex[:12]}")

    def commit(self, staging: Location) -> None:
        """Move a completely written ``staging`` store to this location."""
        if self.exists():
            raise StoreExists(self.url, "a store is already there; pixels are written once")
        if self.is_local:
            os.rename(staging.url, self.url)
            return
        fs, path = self._fs()
        _, source = staging._fs()
        # An object store has no directories and no rename: copy the objects one by one
        # (a recursive ``mv`` also tries to copy the "directories", which are not there),
        # then remove the staging ones.
        objects = sorted(fs.find(source))
        fs.copy(objects, [path + name[len(source) :] for name in objects])
        remove_objects(fs, objects)

    def remove(self) -> None:
        """Delete whatever is at this location (used to clean up a failed write)."""
        if self.is_local:
            shutil.rmtree(self.url, ignore_errors=True)
            return
        fs, path = self._fs()
        if fs.exists(path):
            remove_objects(fs, sorted(fs.find(path)))

    def remove_staging(self) -> int:
        """Delete every staging store of this location (a writer that died left them);
        how many were removed."""
        pattern = f"{STAGING_PREFIX}{self.name}-*"
        if self.is_local:
            found = list(Path(self.url).parent.glob(pattern))
            for folder in found:
                shutil.rmtree(folder, ignore_errors=True)
            return len(found)
        fs, path = self._fs()
        parent = path.rstrip("/").rsplit("/", 1)[0]
        fs.invalidate_cache(parent)
        try:
            # Every object under the parent, not its "directories": servers differ in how
            # they list common prefixes (s3rver, Swift), none in how they list objects.
            objects = fs.find(parent)
        except FileNotFoundError:
            return 0
        start = pattern[:-1]
        stores: dict[str, list[str]] = {}
        for name in objects:
            first = name[len(parent) :].lstrip("/").split("/", 1)[0]
            if first.startswith(start):
                stores.setdefault(first, []).append(name)
        for names in stores.values():
            remove_objects(fs, sorted(names))
        return len(stores)

    def children(self) -> list[Location]:
        """The entries directly under this location (none when there is nothing)."""
        if self.is_local:
            folder = Path(self.url)
            return [Location.of(p) for p in sorted(folder.iterdir())] if folder.is_dir() else []
        fs, path = self._fs()
        try:
            names = fs.ls(path, detail=False, refresh=True)
        except FileNotFoundError:
            return []
        protocol = self.url.split("://", 1)[0]
        return [Location(f"{protocol}://{name.rstrip('/')}") for name in sorted(names)]

    def require(self) -> None:
        if not self.exists():
            raise StoreNotFound(self.url, "no pyramid store at this location")
