"""The managed repository: originals kept byte for byte under ``omero.data.dir``.

As OMERO's: ``ManagedRepository/%user%_%userId%/%year%-%month%/%day%/%time%/`` holds
one fileset's files with their relative layout. Files are first transferred into a
hidden staging directory beside the templates (copied with their SHA-1 computed on
the way, then read back and checked), and the staging directory is renamed to its
template path only when every file is in: a failure leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from pyomero.imports.errors import ChecksumMismatch
from pyomero.imports.options import Transfer

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


def _copy(source: Path, target: Path, progress: Progress | None) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    with source.open("rb") as reader, target.open("wb") as writer:
        while block := reader.read(BLOCK):
            digest.update(block)
            writer.write(block)
            if progress is not None:
                progress(len(block))
        writer.flush()
        os.fsync(writer.fileno())
    return digest.hexdigest()


def sha1_of(path: Path, progress: Progress | None = None) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    with path.open("rb") as reader:
        while block := reader.read(BLOCK):
            digest.update(block)
            if progress is not None:
                progress(len(block))
    return digest.hexdigest()


class Staging:
    """A fileset's files transferred into a hidden directory, not yet in place."""

    def __init__(self, repository: ManagedRepository, fileset_id: int | None = None) -> None:
        self.repository = repository
        owner = "" if fileset_id is None else f"{fileset_id}-"
        self.path = repository.root / f"{STAGING_PREFIX}{owner}{uuid.uuid4().hex}"
        self.files: list[StoredFile] = []
        self.prefix: str | None = None

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
        target = self.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        size = source.stat().st_size
        if transfer is Transfer.LN_S:
            target.symlink_to(source.absolute())
        elif transfer is Transfer.LN:
            os.link(source, target)
        if transfer in (Transfer.LN, Transfer.LN_S):
            digest = sha1_of(target, progress) if checksum else ""
        elif checksum:
            digest = _copy(source, target, progress)
            if sha1_of(target) != digest:
                raise ChecksumMismatch(source, "the copy in the managed repository differs")
        else:
            shutil.copyfile(source, target)
            if progress is not None:
                progress(size)
        stored = StoredFile(
            source,
            relative,
            size,
            digest if checksum else f"{size:x}",
            SHA1 if checksum else FILE_SIZE,
        )
        self.files.append(stored)
        return stored

    def commit(self, prefix: str) -> Path:
        """Move the staged files to ``prefix`` (``-2``, ``-3``... if it is taken)."""
        final = self.repository.root / prefix
        final.parent.mkdir(parents=True, exist_ok=True)
        chosen, n = prefix, 1
        while True:
            try:
                os.rename(self.path, final)  # fails if final exists (non-empty)
                break
            except OSError:
                if not final.exists():
                    raise
                n += 1
                chosen = f"{prefix}-{n}"
                final = self.repository.root / chosen
        self.prefix = chosen
        self.path = final
        return final

    def discard(self) -> None:
        """Remove the files wherever they are (staging, or committed by a failed import)."""
        shutil.rmtree(self.path, ignore_errors=True)
        self.repository.prune(self.path.parent)


class ManagedRepository:
    """``omero.data.dir``/ManagedRepository."""

    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir / REPOSITORY

    def staging(self, fileset_id: int | None = None) -> Staging:
        """A new staging directory (named after the fileset, so that recovery finds it)."""
        self.root.mkdir(parents=True, exist_ok=True)
        return Staging(self, fileset_id)

    def discard_staging(self, fileset_id: int) -> None:
        """Remove the staging directories of ``fileset_id`` (its import died)."""
        for folder in self.root.glob(f"{STAGING_PREFIX}{fileset_id}-*"):
            shutil.rmtree(folder, ignore_errors=True)

    def path_of(self, prefix: str) -> Path:
        return self.root / prefix

    def remove(self, prefix: str) -> None:
        """Remove a fileset directory and the template directories it leaves empty."""
        if not prefix:
            return
        target = self.root / prefix
        shutil.rmtree(target, ignore_errors=True)
        self.prune(target.parent)

    def prune(self, folder: Path) -> None:
        while folder != self.root and self.root in folder.parents:
            try:
                folder.rmdir()
            except OSError:
                return
            folder = folder.parent
