"""The managed repository: originals kept byte for byte, under ``omero.data.dir`` or on
the object store of ``omero.data.store_url`` (a :class:`FileStore` either way).

As OMERO's: ``ManagedRepository/%user%_%userId%/%year%-%month%/%day%/%time%/`` holds
one fileset's files with their relative layout. Files are first transferred into a
hidden staging folder beside the templates (copied with their SHA-1 computed on the
way, then read back and checked), and the staging folder is moved to its template path
only when every file is in (a rename on disk, a copy of each object on an object
store): a failure leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import IO

from pyomero.imports.errors import ChecksumMismatch, StorageFailed
from pyomero.imports.options import Transfer
from pyomero.pixels.errors import StoreExists
from pyomero.pixels.store.files import FileStore

REPOSITORY = "ManagedRepository"
#: OMERO's default ``omero.fs.repo.path``.
TEMPLATE = "%user%_%userId%/%year%-%month%/%day%/%time%"
STAGING_PREFIX = ".pyomero-partial-"
SHA1 = "SHA1-160"
FILE_SIZE = "File-Size-64"  # OMERO's "checksum" of --skip checksum: the size
BLOCK = 1 << 20

Progress = Callable[[int], None]


def template_prefix(user: str, user_id: int, when: datetime) -> str:
    """OMERO's template path: ``jane_3/2026-11/24/14-40-28.123``."""
    time = when.strftime("%H-%M-%S") + f".{when.microsecond // 1000:03d}"
    values = {
        "%user%": user,
        "%userId%": str(user_id),
        "%year%": f"{when.year:04d}",
        "%month%": f"{when.month:02d}",
        "%day%": f"{when.day:02d}",
        "%time%": time,
    }
    path = TEMPLATE
    for key, value in values.items():
        path = path.replace(key, value)
    return path


def layout(files: Sequence[Path]) -> list[PurePosixPath]:
    """Each file's path inside the fileset directory: relative to their common parent
    (a directory such as an OME-Zarr keeps its own name as the first part)."""
    parents = [str(f.absolute().parent) for f in files]
    common = Path(os.path.commonpath(parents)) if parents else Path()
    return [PurePosixPath(f.absolute().relative_to(common).as_posix()) for f in files]


@dataclass(frozen=True)
class StoredFile:
    """One file in the repository: where it came from, where it is, what it holds."""

    source: Path
    relative: PurePosixPath  # inside the fileset directory
    size: int
    hash: str
    hasher: str


def _copy(source: Path, out: IO[bytes], progress: Progress | None) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    with source.open("rb") as reader:
        while block := reader.read(BLOCK):
            digest.update(block)
            out.write(block)
            if progress is not None:
                progress(len(block))
    return digest.hexdigest()


def _sha1(stream: IO[bytes], progress: Progress | None = None) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    with stream:
        while block := stream.read(BLOCK):
            digest.update(block)
            if progress is not None:
                progress(len(block))
    return digest.hexdigest()


def sha1_of(path: Path, progress: Progress | None = None) -> str:
    return _sha1(path.open("rb"), progress)


def stored_sha1(store: FileStore, key: str) -> str:
    """The SHA-1 of a file as the repository holds it (read back after a copy)."""
    return _sha1(store.open(key))


class Staging:
    """A fileset's files transferred into a hidden folder, not yet in place."""

    def __init__(self, repository: ManagedRepository, fileset_id: int | None = None) -> None:
        self.repository = repository
        owner = "" if fileset_id is None else f"{fileset_id}-"
        self.key = f"{STAGING_PREFIX}{owner}{uuid.uuid4().hex}"
        self.files: list[StoredFile] = []
        self.prefix: str | None = None

    @property
    def store(self) -> FileStore:
        return self.repository.store

    def add(
        self,
        source: Path,
        relative: PurePosixPath,
        transfer: Transfer,
        *,
        checksum: bool = True,
        progress: Progress | None = None,
    ) -> StoredFile:
        """Transfer one file; a copy is read back and must hash as its source did."""
        key = f"{self.key}/{relative}"
        size = source.stat().st_size
        if transfer in (Transfer.LN, Transfer.LN_S):
            if not self.store.is_local:
                raise StorageFailed(
                    source,
                    "--transfer ln and ln_s need the repository on a local file system; "
                    "omero.data.store_url names an object store",
                )
            self.store.link(key, source, symbolic=transfer is Transfer.LN_S)
            digest = _sha1(self.store.open(key), progress) if checksum else ""
        else:
            with self.store.writer(key) as out:
                digest = _copy(source, out, progress)
            if checksum and stored_sha1(self.store, key) != digest:
                raise ChecksumMismatch(source, "the copy in the managed repository differs")
        stored = StoredFile(
            source,
            relative,
            size,
            digest if checksum else f"{size:x}",
            SHA1 if checksum else FILE_SIZE,
        )
        self.files.append(stored)
        return stored

    def commit(self, prefix: str) -> str:
        """Move the staged files to ``prefix`` (``-2``, ``-3``... if it is taken)."""
        chosen, n = prefix, 1
        while True:
            try:
                self.store.move(self.key, chosen)
                break
            except StoreExists:
                n += 1
                chosen = f"{prefix}-{n}"
        self.prefix = chosen
        self.key = chosen
        return chosen

    def discard(self) -> None:
        """Remove the files wherever they are (staging, or committed by a failed import)."""
        self.store.remove_tree(self.key)


class ManagedRepository:
    """``ManagedRepository`` under a root: ``omero.data.dir`` or an object store's URL."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.store = FileStore.of(root) / REPOSITORY

    def staging(self, fileset_id: int | None = None) -> Staging:
        """A new staging folder (named after the fileset, so that recovery finds it)."""
        return Staging(self, fileset_id)

    def discard_staging(self, fileset_id: int) -> None:
        """Remove the staging folders of ``fileset_id`` (its import died)."""
        start = f"{STAGING_PREFIX}{fileset_id}-"
        for name in sorted({f.key.split("/", 1)[0] for f in self.store.files(starting=start)}):
            self.store.remove_tree(name)

    def remove(self, prefix: str) -> None:
        """Remove a fileset's folder (and, on disk, the template folders it leaves empty)."""
        if prefix:
            self.store.remove_tree(prefix)
