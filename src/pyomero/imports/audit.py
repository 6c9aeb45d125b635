"""Cross-check the database against the data directory and the object stores.

``omero admin check`` reports, read-only:

- *missing*: rows whose bytes are gone: an original file of a complete fileset absent
  from ``ManagedRepository`` (or of another size), an attached file absent from
  ``Files``, the pyramid of a ``ready`` image absent from the data directory or the
  object store;
- *orphans*: bytes no row names: files in ``ManagedRepository`` or ``Files`` that no
  OriginalFile names, pyramids (and staging stores) under ``Pixels/`` whose image is
  gone, thumbnail folders of pixels that are gone. Staging of an import still running
  is not one.

Files are looked for under ``omero.data.dir`` and, when it is set, the object store of
``omero.data.store_url``. ``--fix`` removes the orphans (never a file a row names);
missing files cannot be made again here: the report names them for a restore from
backup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pyomero.imports.pipeline import pixels_store
from pyomero.imports.repository import STAGING_PREFIX
from pyomero.model import storage
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
from pyomero.pixels.store.files import FileStore

PIXELS_DIR = PIXELS_PATH.split("/", 1)[0]


@dataclass
class Audit:
    """What :func:`check_storage` found: locations, as paths or URLs."""

    missing: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    # How to remove each orphan: a file or folder of a file store, or a pyramid.
    removals: list[tuple[FileStore, str] | Location] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.missing and not self.orphans

    def orphan(self, store: FileStore, key: str) -> None:
        self.orphans.append(store.url_of(key))
        self.removals.append((store, key))


def check_storage(data_dir: Path, store_url: str = "") -> Audit:
    audit = Audit()
    roots = storage.roots()
    if str(data_dir) not in roots:
        roots.insert(0, str(data_dir))
    # One listing per repository and store (not a request per row on an object store).
    managed = [FileStore.of(root) / storage.MANAGED for root in roots]
    files = [FileStore.of(root) / storage.FILES for root in roots]
    listed = {store: {f.key: f.size for f in store.files()} for store in [*managed, *files]}
    sizes = {
        store.url_of(key): size for store, found in listed.items() for key, size in found.items()
    }
    named = _check_rows(sizes, set(listed), audit)
    for store in managed:
        _check_originals(store, listed[store], named, audit)
    for store in files:
        audit_orphans = [key for key in listed[store] if store.url_of(key) not in named]
        for key in audit_orphans:
            audit.orphan(store, key)
    _check_pyramids(data_dir, store_url, audit)
    for root in roots:
        _check_thumbnails(FileStore.of(root) / storage.THUMBNAILS, audit)
    return audit


def _check_rows(sizes: dict[str, int], listed: set[FileStore], audit: Audit) -> set[str]:
    """The URL of every file a row names; those of complete filesets and attachments
    that are not there (or of another size) are missing. ``sizes`` are those of the
    files of the ``listed`` stores; a file of another store (written before the
    configuration changed) is asked for on its own."""
    complete = set(
        FilesetEntry.objects.filter(fileset__state=FilesetState.COMPLETE).values_list(
            "original_file_id", flat=True
        )
    )
    named: set[str] = set()
    rows = OriginalFile.objects.filter(repo__in=(storage.MANAGED, storage.FILES)).only(
        "pk", "path", "name", "size", "repo", "store"
    )
    for file in rows.iterator():
        where = storage.bytes_of(file)
        if where is None:
            continue
        named.add(where.url)
        if file.repo == storage.FILES or file.pk in complete:
            size = sizes.get(where.url) if where.store in listed else where.size()
            if size is None or (file.size is not None and size != file.size):
                audit.missing.append(where.url)
    return named


def _check_originals(
    store: FileStore, found: dict[str, int], named: set[str], audit: Audit
) -> None:
    busy = [
        prefix.strip("/") + "/"
        for prefix in Fileset.objects.filter(state=FilesetState.IMPORTING).values_list(
            "template_prefix", flat=True
        )
        if prefix
    ]
    for key in found:
        if store.url_of(key) in named:
            continue
        top = key.split("/", 1)[0]
        if top.startswith(STAGING_PREFIX) and _staging_busy(top):
            continue
        if any(key.startswith(prefix) for prefix in busy):
            continue
        audit.orphan(store, key)


def _staging_busy(name: str) -> bool:
    """Whether a repository staging folder belongs to a fileset still importing."""
    owner = name.removeprefix(STAGING_PREFIX).split("-", 1)[0]
    if not owner.isdigit():
        return True  # an older staging name: leave it to recovery
    return Fileset.objects.filter(pk=int(owner), state=FilesetState.IMPORTING).exists()


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
            audit.removals.append(child)


def _check_thumbnails(store: FileStore, audit: Audit) -> None:
    known = {str(pk) for pk in Pixels.objects.values_list("pk", flat=True)}
    for name in store.folders():
        if name not in known:
            audit.orphan(store, name)


def remove_orphans(data_dir: Path, audit: Audit) -> int:
    """Remove what ``audit`` found orphaned; how many were removed."""
    for removal in audit.removals:
        if isinstance(removal, Location):
            removal.remove()
        else:
            store, key = removal
            store.remove_tree(key)
    return len(audit.removals)
