"""From the paths a user names to the filesets to import (OMERO's import candidates).

A file is one candidate. A directory is searched: a directory a reader claims (an
OME-Zarr) is one candidate; each other file a reader claims is opened to learn the files
of its fileset (a companion ``.ome`` and its TIFFs, a plate's index and its images), and
the largest filesets are taken first so that no file is imported twice. Files no reader
claims are passed over, and listed as such (``Discovery.skipped``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pyomero.imports.errors import ImportFailed, NothingToImport, PathNotAllowed
from pyomero.pixels import (
    DEFAULT_LIMITS,
    EmptyFile,
    Limits,
    PixelsError,
    ReaderRegistry,
    UnsupportedFormat,
    default_registry,
)


@dataclass(frozen=True)
class Candidate:
    """One fileset to import: the path its reader opens, and its files when known."""

    path: Path
    files: tuple[Path, ...] = ()
    reader: str | None = None
    images: int | None = None
    #: Why the fileset cannot be imported, when opening it already failed.
    problem: str | None = None


@dataclass(frozen=True)
class Discovery:
    """What the named paths hold: candidates in order, the paths that cannot be imported,
    and the files passed over in directories."""

    candidates: tuple[Candidate, ...]
    failures: tuple[ImportFailed, ...]
    skipped: tuple[Path, ...]


def check_allowed(path: Path, roots: Sequence[Path] | None) -> None:
    """Refuse a path (links resolved) that is in none of ``roots``; None allows all."""
    if roots is None:
        return
    real = Path(os.path.realpath(path))
    for root in roots:
        base = Path(os.path.realpath(root))
        if real == base or base in real.parents:
            return
    raise PathNotAllowed(
        path, "the path is outside the directories imports may read (omero.import.allowed_roots)"
    )


def probe(
    path: Path,
    registry: ReaderRegistry,
    limits: Limits = DEFAULT_LIMITS,
    reader: str | None = None,
) -> Candidate | None:
    """What ``path`` is: the reader that claims it, its files and images, or the problem
    that will fail its import; None when no reader claims it at all."""
    try:
        chosen = registry.choose(path, reader).format_name
    except EmptyFile as exc:
        return Candidate(path, (path,), problem=exc.cause)
    except UnsupportedFormat as exc:
        return Candidate(path, (path,), problem=exc.cause) if reader else None
    except PixelsError:
        return None
    if path.is_dir():
        return Candidate(path, (), chosen)
    try:
        with registry.open(path, limits, reader) as opened:
            # A name the metadata keeps from before a rename is no file of the fileset.
            files = tuple(f.absolute() for f in opened.files if f.exists())
            return Candidate(path, files, opened.format_name, len(opened.series))
    except UnsupportedFormat as exc:
        # Claimed by its name only (an .xml that is no plate index): not an image file.
        return Candidate(path, (path,), chosen, problem=exc.cause) if reader else None
    except PixelsError as exc:
        return Candidate(path, (path,), chosen, problem=exc.cause)  # fails, named, at import


def _walk(folder: Path, registry: ReaderRegistry) -> Iterator[Path]:
    """Entries of ``folder``, depth first, not descending into directories readers claim."""
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            try:
                claimed = bool(registry.candidates(entry))
            except PixelsError:
                claimed = False
            if claimed:
                yield entry
            else:
                yield from _walk(entry, registry)
        elif entry.is_file():
            yield entry


def _group(found: Iterable[Candidate]) -> list[Candidate]:
    """Largest filesets first; a file already in one is not a fileset of its own."""
    chosen: list[Candidate] = []
    used: set[Path] = set()
    for candidate in sorted(found, key=lambda c: -len(c.files)):
        files = set(candidate.files) or {candidate.path.absolute()}
        if candidate.path.absolute() in used or files & used:
            continue
        used |= files
        chosen.append(candidate)
    return sorted(chosen, key=lambda c: str(c.path))


def discover(
    paths: Sequence[Path],
    *,
    registry: ReaderRegistry | None = None,
    allowed_roots: Sequence[Path] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    reader: str | None = None,
) -> Discovery:
    """The candidates of ``paths`` (files are taken as given, directories searched)."""
    registry = registry or default_registry()
    candidates: list[Candidate] = []
    failures: list[ImportFailed] = []
    skipped: list[Path] = []
    for path in paths:
        try:
            check_allowed(path, allowed_roots)
        except PathNotAllowed:
            candidates.append(Candidate(path))  # refused, and marked failed, by the import
            continue
        if not path.exists():
            failures.append(NothingToImport(path, "no such file or directory"))
            continue
        if not path.is_file() and not path.is_dir():  # /dev/zero, a pipe, a socket
            failures.append(NothingToImport(path, "not a regular file or a directory"))
            continue
        if path.is_file() or _claimed_dir(path, registry):
            candidates.append(Candidate(path))
            continue
        found = []
        for entry in _walk(path, registry):
            probed = probe(entry, registry, limits, reader)
            if probed is None:
                skipped.append(entry)
            else:
                found.append(probed)
        if not found:
            failures.append(NothingToImport(path, "no file in this directory can be imported"))
        candidates.extend(_group(found))
    return Discovery(tuple(candidates), tuple(failures), tuple(skipped))


def _claimed_dir(path: Path, registry: ReaderRegistry) -> bool:
    try:
        return path.is_dir() and bool(registry.candidates(path))
    except UnsupportedFormat:
        return False
