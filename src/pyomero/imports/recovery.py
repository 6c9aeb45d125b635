"""Imports whose worker died: found by their silence, failed cleanly.

A running import touches its fileset at least every ``HEARTBEAT`` seconds (and after each
image). A fileset still ``importing`` after ``idle`` without a touch was interrupted (a
killed worker, a power cut): its rows and files are removed and it is marked failed, so
no image is ever left silently broken; importing the file again then succeeds.

:func:`run_maintenance` is the periodic housekeeping of a server: it does that,
removes uploads abandoned for longer than ``uploads.MAX_AGE``, refreshes the search
entries queued since the last search (so the queue stays small on a server no one
searches) and, on SQLite, the query planner's statistics when the number of images has
changed much (``model.statistics``). Task consumers run it
every few minutes (``pyomero.maintenance``); ``omero admin cleanse`` runs it by hand or
from cron.
"""

from __future__ import annotations

import logging
import shutil
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.db import DatabaseError

from pyomero.imports.leases import INTERRUPTED
from pyomero.imports.pipeline import pixels_store
from pyomero.imports.repository import STAGING_PREFIX, ManagedRepository
from pyomero.model import search, storage
from pyomero.model.actions.imports import do_fail_import, stale_imports
from pyomero.model.context import event_context
from pyomero.model.models import Fileset, FilesetState, Pixels
from pyomero.model.statistics import refresh_statistics

log = logging.getLogger(__name__)

DEFAULT_IDLE = timedelta(minutes=10)


def fail_interrupted_imports(data_dir: Path, idle: timedelta = DEFAULT_IDLE) -> list[int]:
    """Fail every import silent for ``idle``; return the fileset ids."""
    failed = []
    for fileset in stale_imports(idle):
        fail_fileset(data_dir, fileset)
        failed.append(fileset.pk)
    _sweep_staging([data_dir / "Pixels"], idle)
    for root in _roots(data_dir):
        _sweep_repository(ManagedRepository(root), idle)
    return failed


def _roots(data_dir: Path) -> list[str]:
    """The data directory and, when one is configured, the object store of files."""
    found = [str(data_dir)]
    store = storage.row_store()
    if store and store not in found:
        found.append(store)
    return found


def fail_fileset(data_dir: Path, fileset: Fileset, error: str = INTERRUPTED) -> None:
    """Clean what a dead import of ``fileset`` wrote and mark it failed with ``error``: its
    pyramids and their staging stores (local or on an object store), thumbnails, the
    repository's staging and template directories, and every row but the fileset's.
    A fileset that is no longer ``importing`` is left alone."""
    if fileset.state != FilesetState.IMPORTING:
        return
    pixels = list(Pixels.objects.filter(image__fileset=fileset))
    for one in pixels:
        if one.path:
            store = pixels_store(data_dir, one.path)
            store.remove()
            store.remove_staging()
        for root in _roots(data_dir):
            storage.thumbnails(one.pk, root).remove_tree("")
    for root in _roots(data_dir):
        repository = ManagedRepository(root)
        repository.discard_staging(fileset.pk)
        repository.remove(fileset.template_prefix)
    do_fail_import(event_context(fileset.owner_id, fileset.group_id), fileset, error)
    log.warning("Fileset:%s was interrupted; marked failed", fileset.pk)


def fail_filesets(data_dir: Path, fileset_ids: list[int], error: str = INTERRUPTED) -> None:
    """:func:`fail_fileset` for each id (the reaper's cleaner)."""
    for fileset in Fileset.objects.filter(pk__in=fileset_ids):
        fail_fileset(data_dir, fileset, error)


@dataclass(frozen=True)
class Maintenance:
    """What one round of :func:`run_maintenance` did."""

    failed_filesets: tuple[int, ...]
    removed_uploads: int
    reindexed: int = 0  # search entries refreshed from the queue
    analyzed: bool = False  # the database's statistics were taken again

    def as_dict(self) -> dict[str, object]:
        return {
            "failed_filesets": list(self.failed_filesets),
            "removed_uploads": self.removed_uploads,
            "reindexed": self.reindexed,
            "analyzed": self.analyzed,
        }


def run_maintenance(
    data_dir: Path,
    uploads_root: Path,
    idle: timedelta = DEFAULT_IDLE,
    upload_age: timedelta | None = None,
) -> Maintenance:
    """Fail imports silent for ``idle``, remove uploads untouched for ``upload_age``
    (default ``uploads.MAX_AGE``), empty the search queue and refresh stale database
    statistics; safe to run at any time, and more than once."""
    from pyomero.imports.uploads import MAX_AGE, clear_expired_uploads

    failed = fail_interrupted_imports(data_dir, idle)
    age = MAX_AGE if upload_age is None else upload_age.total_seconds()
    removed = clear_expired_uploads(uploads_root, max_age=age)
    if removed:
        log.info("removed %d abandoned upload(s) from %s", removed, uploads_root)
    return Maintenance(tuple(failed), removed, refresh_search(), _analyze())


def refresh_search() -> int:
    """Refresh the queued search entries; a failure (a busy database) is logged and
    left to the next search or round, never raised: the work it follows is done."""
    try:
        return search.refresh()
    except DatabaseError:
        log.warning("the search queue could not be refreshed now", exc_info=True)
        return 0


def _analyze() -> bool:
    """Refresh stale statistics; a failure (a busy database) is logged, never raised."""
    try:
        return refresh_statistics()
    except DatabaseError:
        log.warning("the database statistics could not be refreshed now", exc_info=True)
        return False


def _sweep_staging(folders: list[Path], idle: timedelta) -> None:
    """Remove staging directories (of files and of pyramids) left by a dead worker."""
    cutoff = time.time() - idle.total_seconds()
    for folder in folders:
        if not folder.is_dir():
            continue
        for entry in folder.iterdir():
            if entry.name.startswith(STAGING_PREFIX) and entry.stat().st_mtime < cutoff:
                shutil.rmtree(entry, ignore_errors=True)


def _sweep_repository(repository: ManagedRepository, idle: timedelta) -> None:
    """Remove the repository's staging folders whose fileset is no longer importing (on
    disk, also those older than ``idle``: a dead worker of an older release)."""
    if repository.store.is_local:
        _sweep_staging([Path(repository.store.url)], idle)
        return
    staged = repository.store.files(starting=STAGING_PREFIX)
    for name in sorted({f.key.split("/", 1)[0] for f in staged}):
        owner = name.removeprefix(STAGING_PREFIX).split("-", 1)[0]
        if (
            owner.isdigit()
            and not Fileset.objects.filter(pk=int(owner), state=FilesetState.IMPORTING).exists()
        ):
            repository.store.remove_tree(name)
