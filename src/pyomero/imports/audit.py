"""Cross-check the database against the data directory and the object store.

``omero admin check`` reports, read-only:

- *missing*: rows whose bytes are gone: an original file of a complete fileset absent
  from ``ManagedRepository`` (or of another size), the pyramid of a ``ready`` image
  absent from the data directory or the object store;
- *orphans*: bytes no row names: files in ``ManagedRepository`` that no OriginalFile
  names, pyramids (and staging stores) under ``Pixels/`` whose image is gone, thumbnail
  folders of pixels that are gone. Staging of an import still running is not one.

``--fix`` removes the orphans (never a file a row names); missing files cannot be made
again here: the report names them for a restore from backup.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from pyomero.imaging.thumbnails import THUMBNAILS_DIR
from pyomero.imports.pipeline import pixels_store
from pyomero.imports.repository import REPOSITORY, STAGING_PREFIX, ManagedRepository
from pyomero.model.actions.imports import PIXELS_PATH
from pyomero.model.models import (
    Fileset,
    FilesetEntry,
    FilesetState,
    OriginalFile,
    Pixels,
    PixelsState,
)
from pyomero.pixels import Location

PIXELS_DIR = PIXELS_PATH.split("/", 1)[0]


@dataclass
class Audit:
    """What :func:`check_storage` found: locations, as paths or URLs."""

    missing: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.missing and not self.orphans


def check_storage(data_dir: Path, store_url: str = "") -> Audit:
    audit = Audit()
    _check_originals(data_dir, audit)
    _check_pyramids(data_dir, store_url, audit)
    _check_thumbnails(data_dir, audit)
    return audit


def _check_originals(data_dir: Path, audit: Audit) -> None:
    root = data_dir / REPOSITORY
    named: set[Path] = set()
    busy = set(
        Fileset.objects.filter(state=FilesetState.IMPORTING).values_list(
            "template_prefix", flat=True
        )
    )
    complete = set(
        FilesetEntry.objects.filter(fileset__state=FilesetState.COMPLETE).values_list(
            "original_file_id", flat=True
        )
    )
    for pk, path, name, size in OriginalFile.objects.filter(repo=REPOSITORY).values_list(
        "pk", "path", "name", "size"
    ):
        location = root / path.strip("/") / name
        named.add(location)
        if pk in complete and _size(location) != size:
            audit.missing.append(str(location))
    if not root.is_dir():
        return
    for file in sorted(p for p in root.rglob("*") if p.is_file() or p.is_symlink()):
        if file in named:
            continue
        top = file.relative_to(root).parts[0]
        if top.startswith(STAGING_PREFIX) and _staging_busy(top):
            continue
        if any(prefix and file.is_relative_to(root / prefix) for prefix in busy):
            continue
        audit.orphans.append(str(file))


def _staging_busy(name: str) -> bool:
    """Whether a repository staging folder belongs to a fileset still importing."""
    owner = name.removeprefix(STAGING_PREFIX).split("-", 1)[0]
    if not owner.isdigit():
        return True  # an older staging name: leave it to recovery
    return Fileset.objects.filter(pk=int(owner), state=FilesetState.IMPORTING).exists()


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _check_pyramids(data_dir: Path, store_url: str, audit: Audit) -> None:
    rows = list(Pixels.objects.values_list("path", "state"))
    named = set()
    writing = set()
    for path, state in rows:
        if not path:
            continue
        location = pixels_store(data_dir, path)
        named.add(location.url.rstrip("/"))
        if state == PixelsState.WRITING:
            writing.add(location.name)
        elif state == PixelsState.READY and not location.exists():
            audit.missing.append(location.url)
    roots = [Location.of(data_dir / PIXELS_DIR)]
    if store_url:
        roots.append(Location(f"{store_url.rstrip('/')}/{PIXELS_DIR}"))
    for root in roots:
        for child in root.children():
            name = child.name
            if child.url.rstrip("/") in named:
                continue
            if name.startswith(STAGING_PREFIX):
                final = name.removeprefix(STAGING_PREFIX).rsplit("-", 1)[0]
                if final in writing:
                    continue  # an import is writing it
            audit.orphans.append(child.url)


def _check_thumbnails(data_dir: Path, audit: Audit) -> None:
    folder = data_dir / THUMBNAILS_DIR
    if not folder.is_dir():
        return
    known = {str(pk) for pk in Pixels.objects.values_list("pk", flat=True)}
    for child in sorted(folder.iterdir()):
        if child.name not in known:
            audit.orphans.append(str(child))


def remove_orphans(data_dir: Path, audit: Audit) -> int:
    """Remove what ``audit`` found orphaned; how many were removed."""
    repository = ManagedRepository(data_dir)
    for orphan in audit.orphans:
        location = Location.of(orphan)
        if not location.is_local:
            location.remove()
            continue
        path = Path(orphan)
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        if path.is_relative_to(repository.root):
            repository.prune(path.parent)
    return len(audit.orphans)
