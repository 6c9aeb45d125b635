"""Files by key under one root, on a local disk or an object store: originals of the
managed repository, attached files, thumbnails.

The one place that knows how a file is written, read, listed and removed in either kind
of storage (fsspec behind :class:`~pyomero.pixels.store.location.Location` reaches the
object store)::

    store = FileStore.of("s3://bucket/omero") / "Files"     # or a local directory
    with store.writer("12") as out:                         # all or nothing
        out.write(data)
    with store.open("12") as stream: ...
    store.size("12"), store.remove("12")

A file appears whole or not at all: a local file is written under a hidden name and
renamed into place; an object is one PUT, or a multipart upload completed only when the
writer closes without error (aborted otherwise). Keys are ``/``-separated paths below
the root; a key that would leave the root (``..``, absolute) is refused.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from pyomero.pixels.errors import StoreExists
from pyomero.pixels.store.location import Location, remove_objects

HIDDEN = ".pyomero-partial-"


class FileKeyError(ValueError):
    """A key that names no file under the root (``..``, absolute, empty)."""


def _clean(key: str) -> str:
    parts = [p for p in PurePosixPath(key.replace("\\", "/")).parts if p not in ("", ".")]
    if not parts or key.startswith("/") or ".." in parts:
        raise FileKeyError(f"not a file key: {key!r}")
    return "/".join(parts)


@dataclass(frozen=True)
class StoredFile:
    """One file of a listing: its key under the root, its size in bytes."""

    key: str
    size: int


class FileStore:
    """Files under ``root``: a local directory, or an fsspec URL (``s3://bucket/prefix``)."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.location = Location.of(root)

    @classmethod
    def of(cls, root: str | os.PathLike[str]) -> FileStore:
        return cls(root)

    def __truediv__(self, folder: str) -> FileStore:
        return FileStore(self.url_of(folder))

    def __repr__(self) -> str:
        return f"FileStore({self.url!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FileStore) and other.url == self.url

    def __hash__(self) -> int:
        return hash(self.url)

    @property
    def url(self) -> str:
        return self.location.url.rstrip("/")

    @property
    def is_local(self) -> bool:
        return self.location.is_local

    def url_of(self, key: str) -> str:
        """The path or URL of ``key`` (what a report shows)."""
        return f"{self.url}/{_clean(key)}"

    def local_path(self, key: str) -> Path | None:
        """The file's path on this host's disk; None on an object store."""
        return Path(self.url_of(key)) if self.is_local else None

    def _fs(self) -> tuple[Any, str]:
        return self.location._fs()

    def _remote(self, key: str) -> tuple[Any, str]:
        fs, root = self._fs()
        return fs, f"{root.rstrip('/')}/{_clean(key)}"

    # Reading

    def size(self, key: str) -> int | None:
        """The size of the file, None when there is none."""
        path = self.local_path(key)
        if path is not None:
            return path.stat().st_size if path.is_file() else None
        fs, remote = self._remote(key)
        try:
            info = fs.info(remote, refresh=True)
        except FileNotFoundError:
            return None
        return int(info["size"]) if info.get("type") == "file" else None

    def exists(self, key: str) -> bool:
        return self.size(key) is not None

    def open(self, key: str) -> IO[bytes]:
        """A binary stream of the file (FileNotFoundError when there is none)."""
        path = self.local_path(key)
        if path is not None:
            return path.open("rb")
        fs, remote = self._remote(key)
        info = fs.info(remote, refresh=True)
        # With its size given, s3fs reads without If-Match, which Swift's S3 layer
        # refused here on ranged reads ("At least one of the preconditions ... did not hold").
        return fs.open(remote, "rb", size=int(info["size"]))  # type: ignore[no-any-return]

    def read_bytes(self, key: str) -> bytes | None:
        """The whole file (one GET on an object store), None when there is none."""
        if not self.is_local:
            fs, remote = self._remote(key)
            try:
                return bytes(fs.cat_file(remote))
            except FileNotFoundError:
                return None
        try:
            with self.open(key) as stream:
                return stream.read()
        except (FileNotFoundError, IsADirectoryError):
            return None

    def files(self, prefix: str = "", *, starting: str = "") -> list[StoredFile]:
        """Every file under ``prefix`` (the whole store when empty) whose key below it
        starts with ``starting`` (one listing of those only, on an object store), sorted
        by key; symbolic links on disk are listed as files."""
        base = self.url_of(prefix) if prefix else self.url
        if self.is_local:
            folder = Path(base)
            if not folder.is_dir():
                return []
            found = []
            tops = [folder] if not starting else sorted(folder.glob(glob.escape(starting) + "*"))
            paths = [p for top in tops for p in ([top] if not top.is_dir() else top.rglob("*"))]
            for path in paths:
                if path.is_file() or path.is_symlink():
                    size = path.stat().st_size if path.exists() else 0
                    key = path.relative_to(self.url).as_posix()
                    found.append(StoredFile(key, size))
            return sorted(found, key=lambda f: f.key)
        fs, root = self._fs()
        where = f"{root.rstrip('/')}/{_clean(prefix)}" if prefix else root.rstrip("/")
        fs.invalidate_cache(where)
        try:
            listed = fs.find(where, detail=True, **({"prefix": starting} if starting else {}))
        except FileNotFoundError:
            return []
        start = len(root.rstrip("/")) + 1
        return sorted(
            (StoredFile(name[start:], int(info.get("size") or 0)) for name, info in listed.items()),
            key=lambda f: f.key,
        )

    def folders(self) -> list[str]:
        """The names of the first level of keys (``a`` of ``a/b/c``)."""
        if self.is_local:
            folder = Path(self.url)
            return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
        return sorted({f.key.split("/", 1)[0] for f in self.files()})

    # Writing

    @contextlib.contextmanager
    def writer(self, key: str) -> Iterator[IO[bytes]]:
        """A stream to write the file into; the file is there once the block ends without
        error, and not at all otherwise (an older file under ``key`` is replaced)."""
        path = self.local_path(key)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=HIDDEN)
            try:
                with os.fdopen(handle, "wb") as out:
                    yield out
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(temporary, path)
            except BaseException:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temporary)
                raise
            return
        fs, remote = self._remote(key)
        stream = fs.open(remote, "wb", autocommit=False)
        try:
            yield stream
            stream.close()
            stream.commit()
        except BaseException:
            with contextlib.suppress(Exception):
                stream.discard()
            raise

    def write_bytes(self, key: str, data: bytes) -> None:
        with self.writer(key) as out:
            out.write(data)

    def link(self, key: str, source: Path, *, symbolic: bool) -> None:
        """In-place import: ``key`` a (symbolic or hard) link to ``source``; only on disk."""
        path = self.local_path(key)
        if path is None:
            raise FileKeyError(
                "in-place import (--transfer ln or ln_s) needs the repository on a local "
                "file system, not on an object store"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        if symbolic:
            path.symlink_to(source.absolute())
        else:
            os.link(source, path)

    def move(self, prefix: str, to: str) -> None:
        """Move every file under ``prefix`` to ``to`` (which must hold nothing:
        :class:`StoreExists` otherwise); on disk one rename, on an object store a copy
        of each object then the removal of the originals."""
        if self.is_local:
            target = Path(self.url_of(to))
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.rename(self.url_of(prefix), target)
            except OSError:
                if target.exists():
                    raise StoreExists(str(target), "something is already there") from None
                raise
            return
        if self.files(to):
            raise StoreExists(self.url_of(to), "something is already there")
        fs, root = self._fs()
        base = root.rstrip("/")
        names = [f"{base}/{f.key}" for f in self.files(prefix)]
        source, target_key = f"{base}/{_clean(prefix)}", f"{base}/{_clean(to)}"
        if names:
            fs.copy(names, [target_key + name[len(source) :] for name in names])
            remove_objects(fs, names)

    # Removing

    def remove(self, key: str) -> None:
        """Remove one file (nothing happens when it is not there); on disk, the folders
        it leaves empty go too."""
        path = self.local_path(key)
        if path is not None:
            path.unlink(missing_ok=True)
            self._prune(path.parent)
            return
        fs, remote = self._remote(key)
        with contextlib.suppress(FileNotFoundError):
            fs.rm_file(remote)

    def remove_tree(self, prefix: str) -> int:
        """Remove every file under ``prefix`` (the whole store when empty); how many
        there were."""
        if self.is_local:
            folder = Path(self.url_of(prefix) if prefix else self.url)
            if folder.is_symlink() or folder.is_file():
                folder.unlink()
                self._prune(folder.parent)
                return 1
            if not folder.is_dir():
                return 0
            count = sum(1 for p in folder.rglob("*") if not p.is_dir() or p.is_symlink())
            shutil.rmtree(folder, ignore_errors=True)
            self._prune(folder.parent)
            return count
        files = self.files(prefix)
        if files:
            fs, root = self._fs()
            remove_objects(fs, [f"{root.rstrip('/')}/{f.key}" for f in files])
        return len(files)

    def _prune(self, folder: Path) -> None:
        root = Path(self.url)
        while folder != root and root in folder.parents:
            try:
                folder.rmdir()
            except OSError:
                return
            folder = folder.parent
