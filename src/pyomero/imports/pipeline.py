"""One fileset's import, start to finish, and its clean failure.

1. a Fileset row (``importing``) whatever happens, so a failure has somewhere to be told;
2. the reader opens the file (unsupported, corrupt, too large, contradictory: stop here);
3. in a thread of its own, the fileset's files go into a staging directory of the
   managed repository (SHA-1 computed while copying, the copy read back and checked);
4. meanwhile: Image, Pixels (``writing``), Channel, Plate and Well rows in one
   transaction, then per image the pyramid (streamed from the named file, atomic),
   channel min/max, the default RenderingDef (``ready``), label masks as ROIs, the
   96 px thumbnail;
5. the staged files are renamed to their template path and recorded as OriginalFiles;
6. the fileset is ``complete``; with ``upload_rm`` the originals are deleted.

Any failure removes every file written and every row made, and marks the fileset
``failed`` with the error; importing the same file again then starts afresh.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from pyomero.imaging.rendering_defs import stored_fields
from pyomero.imaging.thumbnails import create_default_thumbnail
from pyomero.imports.discover import Candidate, check_allowed
from pyomero.imports.errors import ImportFailed
from pyomero.imports.labels import label_rois
from pyomero.imports.mapping import image_specs, plate_specs
from pyomero.imports.options import ImportOptions, Skip, Transfer
from pyomero.imports.rendering import default_rendering, omero_block
from pyomero.imports.repository import (
    ManagedRepository,
    Staging,
    StoredFile,
    layout,
    template_prefix,
)
from pyomero.imports.results import ImportProgress, ImportResult, Progress
from pyomero.imports.targets import Resolved
from pyomero.model import storage
from pyomero.model.actions import do_save_roi
from pyomero.model.actions.imports import (
    OriginalFileSpec,
    do_add_original_files,
    do_complete_pixels,
    do_create_imported_images,
    do_fail_import,
    do_finish_import,
    do_start_import,
    do_touch_import,
)
from pyomero.model.context import EventContext
from pyomero.model.models import Fileset, Image, Pixels, WellSample
from pyomero.pixels import (
    ChannelStats,
    Location,
    Reader,
    ReaderRegistry,
    Series,
    WriteProgress,
    default_registry,
    write_pyramid,
)
from pyomero.pixels.store import plan_levels
from pyomero.pixels.store.files import FileStore

log = logging.getLogger(__name__)

#: Seconds between heartbeats of a running import (see ``recovery``).
HEARTBEAT = 30.0


@dataclass
class _Run:
    """The state of one import, enough to undo it."""

    ctx_target: Resolved
    candidate: Candidate
    options: ImportOptions
    data_dir: Path
    progress: Progress | None
    registry: ReaderRegistry
    pixels_root: str = ""
    files_root: str = ""  # where originals go: the data dir, or an object store's URL
    reader: str | None = None  # the name of the reader that reads the fileset
    fileset: Fileset | None = None
    staging: Staging | None = None
    stores: list[Location] = field(default_factory=list)
    bytes_total: int = 0
    bytes_done: int = 0
    planes_total: int = 0
    planes_done: int = 0
    stage: str = "copy"
    beat: float = field(default_factory=time.monotonic)
    warnings: list[str] = field(default_factory=list)
    thumbnails: list[FileStore] = field(default_factory=list)
    cancelled: threading.Event = field(default_factory=threading.Event)
    thread: int = field(default_factory=threading.get_ident)

    @property
    def ctx(self) -> EventContext:
        return self.ctx_target.ctx

    def report(self) -> None:
        if self.progress is not None:
            self.progress(
                ImportProgress(
                    self.candidate.path,
                    self.stage,
                    self.bytes_done,
                    self.bytes_total,
                    self.planes_done,
                    self.planes_total,
                    None if self.fileset is None else self.fileset.pk,
                )
            )
        if threading.get_ident() != self.thread:
            return  # the transfer thread: the database is the importing thread's
        if self.fileset is not None and time.monotonic() - self.beat > HEARTBEAT:
            self.beat = time.monotonic()
            do_touch_import(self.ctx, self.fileset)


def pixels_store(data_dir: Path, path: str) -> Location:
    """Where a Pixels row's pyramid is: its path under ``data_dir``, or the URL it holds."""
    return Location.of(path if "://" in path else data_dir / path)


def import_candidate(
    target: Resolved,
    candidate: Candidate,
    options: ImportOptions,
    *,
    data_dir: Path,
    progress: Progress | None = None,
    registry: ReaderRegistry | None = None,
    pixels_root: str = "",
    files_root: str = "",
) -> ImportResult:
    """Import one fileset as ``target.ctx`` into ``target``'s dataset or screen; pyramids
    go under ``data_dir``, or under ``pixels_root`` (an fsspec URL such as
    ``s3://bucket/prefix``) if given, originals under ``files_root`` (default
    ``data_dir``)."""
    run = _Run(
        target,
        candidate,
        options,
        data_dir,
        progress,
        registry or default_registry(),
        pixels_root=pixels_root,
        files_root=files_root or str(data_dir),
    )
    try:
        return _import(run)
    except BaseException as exc:
        error = ImportFailed.of(exc, candidate.path)
        if run.reader is not None:
            error = error.read_by(run.reader)
        _undo(run, error)
        if not isinstance(exc, Exception):  # KeyboardInterrupt, SystemExit: cleaned, re-raise
            raise
        log.info("import of %s failed: %s", candidate.path, error)
        fileset_id = run.fileset.pk if run.fileset is not None else None
        return ImportResult(candidate.path, fileset_id, error=error)


def _import(run: _Run) -> ImportResult:
    options, candidate = run.options, run.candidate
    ctx = run.ctx
    prefix = template_prefix(ctx.user_name, ctx.user_id, timezone.localtime())
    run.fileset = do_start_import(ctx, template_prefix=prefix)
    run.report()  # the task's lease learns the fileset (recovery cleans it if we die)
    check_allowed(candidate.path, options.allowed_roots)
    run.reader = run.registry.choose(candidate.path, options.reader).format_name
    with run.registry.open(candidate.path, options.limits, options.reader) as reader:
        files = sorted({f.absolute() for f in reader.files} | _own(candidate.path))
        files = [f for f in files if f.is_file()]
        for file in files:
            check_allowed(file, options.allowed_roots)
        run.bytes_total = sum(f.stat().st_size for f in files)
        run.staging = ManagedRepository(run.files_root).staging(run.fileset.pk)
        # The originals are transferred while the pyramids are written: copying is I/O,
        # the pyramid is compression; neither waits for the other.
        with ThreadPoolExecutor(1, thread_name_prefix="pyomero-transfer") as pool:
            transfer = pool.submit(_transfer, run, files)
            try:
                images = _create_images(run, reader)
                _write_all(run, reader, images)
            except BaseException:
                run.cancelled.set()
                raise
            stored = transfer.result()
    _record_originals(run, stored, prefix)
    do_finish_import(ctx, run.fileset)
    if options.transfer is Transfer.UPLOAD_RM:
        for file in files:
            file.unlink(missing_ok=True)
    run.stage = "done"
    run.report()
    plates = sorted(
        set(
            WellSample.objects.filter(image__fileset=run.fileset).values_list(
                "well__plate_id", flat=True
            )
        )
    )
    return ImportResult(
        candidate.path,
        run.fileset.pk,
        tuple(i.pk for i in images),
        tuple(plates),
        warnings=tuple(run.warnings),
    )


def _own(path: Path) -> set[Path]:
    """The named path's own files (every file of a directory such as an OME-Zarr)."""
    if path.is_dir():
        return {p.absolute() for p in path.rglob("*") if p.is_file()}
    return {path.absolute()}


def _write_all(run: _Run, reader: Reader, images: list[Image]) -> None:
    series = list(reader.series)
    smallest = run.options.write.smallest_side
    run.planes_total = sum(
        s.metadata.plane_count * len(plan_levels(s.metadata, smallest)) for s in series
    )
    run.stage = "pixels"
    run.report()
    for image, one in zip(images, series, strict=True):
        _write_pixels(run, image, one)


class _Cancelled(Exception):
    """The import failed elsewhere: stop transferring."""


def _transfer(run: _Run, files: list[Path]) -> list[StoredFile]:
    """Transfer ``files`` into the staging directory (in its own thread: no database)."""
    assert run.staging is not None
    checksum = Skip.CHECKSUM not in run.options.skip
    named = run.candidate.path.absolute()
    relatives = layout([*files, named] if named.is_dir() else files)

    def advance(count: int) -> None:
        if run.cancelled.is_set():
            raise _Cancelled
        run.bytes_done += count
        run.report()

    return [
        run.staging.add(file, relative, run.options.transfer, checksum=checksum, progress=advance)
        for file, relative in zip(files, relatives, strict=False)
    ]


def _record_originals(run: _Run, stored: list[StoredFile], prefix: str) -> None:
    """Move the staged files to their template path and record them."""
    assert run.fileset is not None and run.staging is not None
    staging = run.staging
    staging.commit(prefix)
    specs = []
    for item in stored:
        folder = f"{staging.prefix}/{item.relative.parent}".rstrip("/.") + "/"
        specs.append(
            OriginalFileSpec(
                name=item.relative.name,
                path=folder,
                size=item.size,
                sha1=item.hash,
                hasher=item.hasher,
                client_path=str(item.source),
                store="" if run.files_root == str(run.data_dir) else run.files_root,
            )
        )
    do_add_original_files(run.ctx, run.fileset, specs, template_prefix=staging.prefix)


def _create_images(run: _Run, reader: Reader) -> list[Image]:
    assert run.fileset is not None
    metadata = [s.metadata for s in reader.series]
    specs = image_specs(
        run.candidate.path.name,
        metadata,
        name=run.options.name,
        description=run.options.description,
    )
    return do_create_imported_images(
        run.ctx,
        run.fileset,
        specs,
        plate_specs(reader.plates, run.candidate.path.name),
        dataset=run.ctx_target.dataset,
        screen=run.ctx_target.screen,
        pixels_root=run.pixels_root,
        global_metadata=reader.global_metadata,
    )


def _write_pixels(run: _Run, image: Image, series: Series) -> None:
    meta = series.metadata
    skip = run.options.skip
    pixels = Pixels.objects.get(image=image)
    location = pixels_store(run.data_dir, pixels.path)
    start = run.planes_done

    def block(stats: tuple[ChannelStats, ...]) -> dict[str, object]:
        kept = None if Skip.MINMAX in skip else stats
        return omero_block(meta, default_rendering(meta, kept), kept)

    def advance(step: WriteProgress) -> None:
        run.planes_done = start + step.level * meta.plane_count + step.planes_done
        run.report()

    run.stores.append(location)
    info = write_pyramid(series, location, run.options.write, advance, omero=block)
    stats = None if Skip.MINMAX in skip else info.stats
    settings = default_rendering(meta, stats)
    do_complete_pixels(
        run.ctx,
        pixels,
        stats=None if stats is None else [(s.min, s.max) for s in stats],
        rendering=stored_fields(settings),
    )
    for name, shapes in label_rois(series):
        do_save_roi(run.ctx, image, shapes, name=name)
    if Skip.THUMBNAILS not in skip:
        _thumbnail(run, pixels)
    do_touch_import(run.ctx, run.fileset)  # type: ignore[arg-type]


def _thumbnail(run: _Run, pixels: Pixels) -> None:
    """Imaging's default 96 px thumbnail, right after the pyramid; one that fails is a
    warning, not a failed import (as in OMERO)."""
    run.thumbnails.append(storage.thumbnails(pixels.pk))
    try:
        create_default_thumbnail(pixels)
    except Exception as exc:
        run.warnings.append(f"Image:{pixels.image_id}: no thumbnail: {exc}")


def _undo(run: _Run, error: ImportFailed) -> None:
    """Remove what the import wrote (files, pyramids, rows); mark the fileset failed."""
    for location in run.stores:
        try:
            location.remove()
        except Exception:  # pragma: no cover - best effort, logged
            log.exception("could not remove %s", location.url)
    for folder in run.thumbnails:
        try:
            folder.remove_tree("")
        except Exception:  # pragma: no cover - best effort, logged
            log.exception("could not remove %s", folder.url)
    if run.staging is not None:
        try:
            run.staging.discard()
        except Exception:  # pragma: no cover - best effort, logged
            log.exception("could not remove the originals of %s", run.candidate.path)
    if run.fileset is not None:
        try:
            do_fail_import(run.ctx, run.fileset, str(error))
        except Exception:  # pragma: no cover - the database itself failed
            log.exception("could not mark Fileset:%s failed", run.fileset.pk)
