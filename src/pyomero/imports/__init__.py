"""Import: files in, OMERO images out (Fileset, originals, Images, pyramids, settings).

The use case behind ``omero import`` and the webclient's upload::

    results = run_import(ctx, [Path("/data/run1")], ImportOptions(target=Target(dataset_id=3)))
    for result in results:
        print(result.summary)              # "Image:12,13" or "Failed: <file>: <cause>"

    handle = submit_import(ctx, paths, options)   # the same, as a background task

``discover`` finds the filesets of the named paths, ``pipeline`` imports one fileset
(cleanly failing), ``tasks`` is the seam to the task queue, ``recovery`` fails imports
whose worker died.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence
from pathlib import Path
from typing import Any

from pyomero.imports.discover import Candidate, Discovery, discover
from pyomero.imports.errors import (
    ChecksumMismatch,
    ImportFailed,
    NothingToImport,
    PathNotAllowed,
    PixelsFailed,
    StorageFailed,
)
from pyomero.imports.options import ImportOptions, Skip, Target, Transfer
from pyomero.imports.results import ImportProgress, ImportResult, Progress
from pyomero.model.context import EventContext


def data_dir() -> Path:
    """``omero.data.dir`` of the running server (Django's ``settings.OMERO_CONFIG``)."""
    from django.conf import settings

    return Path(settings.OMERO_CONFIG.data_dir())


def pixels_root() -> str:
    """``omero.pixeldata.store_url`` of the running server: where new pyramids go
    (empty: under ``omero.data.dir``)."""
    from django.conf import settings

    return str(settings.OMERO_CONFIG["omero.pixeldata.store_url"])


def files_root() -> str:
    """``omero.data.store_url`` of the running server: where originals go (empty: under
    ``omero.data.dir``)."""
    from django.conf import settings

    return str(settings.OMERO_CONFIG["omero.data.store_url"])


def run_import(
    ctx: EventContext,
    paths: Sequence[Path],
    options: ImportOptions | None = None,
    *,
    progress: Progress | None = None,
    found: Discovery | None = None,
    data_dir_path: Path | None = None,
    pixels_root_url: str | None = None,
    files_root_url: str | None = None,
    skip: Container[str] = (),
    on_result: Callable[[ImportResult], None] | None = None,
) -> list[ImportResult]:
    """Import every fileset of ``paths`` as ctx, one after the other; a result each.

    A path that cannot be imported at all (outside the allowed roots, nothing
    importable) is a failed result too. Target errors (no such dataset) raise the
    model's errors before anything is imported. Candidates whose path is in ``skip``
    (imported by an earlier run of the same task) are passed over; ``on_result`` hears
    of each fileset's result as soon as it is known.
    """
    from pyomero.imports.pipeline import import_candidate
    from pyomero.imports.readers import reader_registry
    from pyomero.imports.recovery import refresh_search
    from pyomero.imports.targets import resolve_target

    options = options or ImportOptions()
    target = resolve_target(ctx, options.target)
    registry = reader_registry(options)
    found = found or discover(
        list(paths),
        registry=registry,
        allowed_roots=options.allowed_roots,
        limits=options.limits,
        reader=options.reader,
    )
    where = data_dir_path or data_dir()
    root = pixels_root() if pixels_root_url is None else pixels_root_url
    files = files_root() if files_root_url is None else files_root_url
    results = [ImportResult(Path(f.path), error=f) for f in found.failures]
    for candidate in found.candidates:
        if str(candidate.path) in skip:
            continue
        result = import_candidate(
            target,
            candidate,
            options,
            data_dir=where,
            progress=progress,
            registry=registry,
            pixels_root=root,
            files_root=files or str(where),
        )
        if on_result is not None:
            on_result(result)
        results.append(result)
    if found.candidates:
        refresh_search()  # index what was imported now, not at the next search
    return results


def submit_import(
    ctx: EventContext, paths: Sequence[Path], options: ImportOptions | None = None
) -> object:
    """Queue :func:`run_import` as a background task (see ``tasks``)."""
    from pyomero.imports.tasks import submit_import as submit

    return submit(ctx, paths, options)


def submit_export(
    ctx: EventContext, activity_id: int, figure: dict[str, Any], option: str
) -> object:
    """Queue a figure export (see ``tasks``; the use case is the imaging layer's)."""
    from pyomero.imports.tasks import submit_export as submit

    return submit(ctx, activity_id, figure, option)


__all__ = [
    "Candidate",
    "ChecksumMismatch",
    "Discovery",
    "ImportFailed",
    "ImportOptions",
    "ImportProgress",
    "ImportResult",
    "NothingToImport",
    "PathNotAllowed",
    "PixelsFailed",
    "Progress",
    "Skip",
    "StorageFailed",
    "Target",
    "Transfer",
    "data_dir",
    "discover",
    "run_import",
    "submit_export",
    "submit_import",
]
