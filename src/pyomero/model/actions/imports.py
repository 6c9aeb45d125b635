"""Writes of an import: a fileset from start to complete or failed, one transaction each.

The import use case (``pyomero.imports``) calls these in order::

    fileset = do_start_import(ctx, template_prefix=...)        # state "importing"
    do_add_original_files(ctx, fileset, files)                  # after the copy is verified
    images = do_create_imported_images(ctx, fileset, specs, plates, dataset=...)
    do_complete_pixels(ctx, image.pixels, stats=..., rendering=...)  # per image
    do_finish_import(ctx, fileset)                              # state "complete"

and on any failure ``do_fail_import(ctx, fileset, error)``, which removes every row the
import made (images, pixels, plates, original files) and keeps the fileset as ``failed``
with its error. The files themselves are the use case's to remove.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from pyomero.model.access import check
from pyomero.model.actions._base import clean_name, new, new_like, same_group, touch
from pyomero.model.actions.containers import do_create_plate, do_link
from pyomero.model.actions.rendering import do_save_rendering_def
from pyomero.model.context import EventContext, require_group
from pyomero.model.errors import InputInvalidError
from pyomero.model.models import (
    Channel,
    Dataset,
    Fileset,
    FilesetEntry,
    FilesetState,
    Image,
    Instrument,
    Objective,
    ObjectiveSettings,
    OriginalFile,
    OriginalMetadata,
    Pixels,
    PixelsState,
    Plate,
    PlateAcquisition,
    Screen,
    Well,
    WellSample,
)
from pyomero.model.permissions import Action

#: Where an image's pyramid goes, relative to ``omero.data.dir``.
PIXELS_PATH = "Pixels/{id}.ome.zarr"


@dataclass(frozen=True)
class OriginalFileSpec:
    """A file copied into the managed repository: ``path`` is its directory there."""

    name: str
    path: str
    size: int
    sha1: str
    hasher: str = "SHA1-160"
    mimetype: str = "application/octet-stream"
    client_path: str = ""
    repo: str = "ManagedRepository"
    store: str = ""  # the object store's URL; empty: omero.data.dir


@dataclass(frozen=True)
class ImageSpec:
    """One image of the fileset: Image fields, Pixels fields, one dict per channel."""

    name: str
    pixels: dict[str, Any]
    channels: Sequence[dict[str, Any]] = ()
    description: str = ""
    acquisition_date: datetime | None = None
    series: int = 0
    #: The reader's pairs of this series, and the objective (Objective's fields and
    #: ``microscope``), if the file names one.
    original: Sequence[tuple[str, str]] = ()
    objective: dict[str, Any] | None = None


@dataclass(frozen=True)
class WellSampleSpec:
    """Field ``index`` of well (``row``, ``column``) is ``image`` (an index into the specs)."""

    row: int
    column: int
    index: int
    image: int
    acquisition: int | None = None
    pos_x: float | None = None
    pos_y: float | None = None


@dataclass(frozen=True)
class PlateSpec:
    name: str
    rows: int
    columns: int
    row_naming: str = "letter"
    column_naming: str = "number"
    acquisitions: Sequence[str] = ()
    samples: Sequence[WellSampleSpec] = field(default_factory=tuple)


def do_start_import(ctx: EventContext, *, template_prefix: str = "") -> Fileset:
    """A new fileset in ctx's group, ``importing`` until finished or failed."""
    require_group(ctx)
    with transaction.atomic():
        return new(Fileset, ctx, template_prefix=template_prefix, state=FilesetState.IMPORTING)


def _importing(ctx: EventContext, fileset: Fileset) -> None:
    check(ctx, Action.EDIT, fileset)
    if fileset.state != FilesetState.IMPORTING:
        raise InputInvalidError(f"Fileset {fileset.pk} is {fileset.state}, not importing")


def do_add_original_files(
    ctx: EventContext,
    fileset: Fileset,
    files: Sequence[OriginalFileSpec],
    *,
    template_prefix: str | None = None,
) -> list[OriginalFile]:
    """Record the fileset's files, in order, once their copies are verified (and the
    directory they went to, when it is not the one the import started with)."""
    with transaction.atomic():
        _importing(ctx, fileset)
        if template_prefix is not None and template_prefix != fileset.template_prefix:
            fileset.template_prefix = template_prefix
            touch(fileset, "template_prefix")
        start = FilesetEntry.objects.filter(fileset=fileset).count()
        made = []
        for offset, spec in enumerate(files):
            original = new_like(
                OriginalFile,
                fileset,
                name=clean_name(spec.name, "file name"),
                path=spec.path,
                size=spec.size,
                hash=spec.sha1,
                hasher=spec.hasher,
                mimetype=spec.mimetype,
                repo=spec.repo,
                store=spec.store,
            )
            new_like(
                FilesetEntry,
                fileset,
                fileset=fileset,
                original_file=original,
                client_path=spec.client_path or spec.name,
                index=start + offset,
            )
            made.append(original)
    return made


def do_create_imported_images(
    ctx: EventContext,
    fileset: Fileset,
    images: Sequence[ImageSpec],
    plates: Sequence[PlateSpec] = (),
    *,
    dataset: Dataset | None = None,
    screen: Screen | None = None,
    pixels_root: str = "",
    global_metadata: Sequence[tuple[str, str]] = (),
) -> list[Image]:
    """The fileset's images, their pixels (``writing``) and channels, and its plates;
    the reader's original metadata (``global_metadata``, each spec's ``original``) and
    the objectives the images were acquired with.

    Images in no plate go into ``dataset``; plates go into ``screen``. A pixels path is
    relative to ``omero.data.dir``, or under ``pixels_root`` (an fsspec URL) if given.
    """
    in_plates = {sample.image for plate in plates for sample in plate.samples}
    if any(not 0 <= i < len(images) for i in in_plates):
        raise InputInvalidError("a well sample names an image the fileset does not have")
    with transaction.atomic():
        _importing(ctx, fileset)
        for target in (dataset, screen):
            if target is not None:
                check(ctx, Action.LINK, target)
                same_group(target, fileset)
        made = [_create_image(fileset, spec, pixels_root) for spec in images]
        _keep_acquisition(fileset, images, made, global_metadata)
        for plate_spec in plates:
            _create_plate(ctx, plate_spec, made, screen)
        if dataset is not None:
            for index, image in enumerate(made):
                if index not in in_plates:
                    do_link(ctx, dataset, image)
    return made


def _create_image(fileset: Fileset, spec: ImageSpec, pixels_root: str = "") -> Image:
    image = new_like(
        Image,
        fileset,
        name=clean_name(spec.name[:255] if spec.name else "image"),
        description=spec.description,
        acquisition_date=spec.acquisition_date,
        series=spec.series,
        fileset=fileset,
    )
    pixels = new_like(Pixels, image, image=image, state=PixelsState.WRITING, **spec.pixels)
    pixels.path = PIXELS_PATH.format(id=pixels.pk)
    if pixels_root:
        pixels.path = f"{pixels_root.rstrip('/')}/{pixels.path}"
    pixels.save(update_fields=["path"])
    size_c = int(spec.pixels.get("size_c", 1))
    for index in range(size_c):
        extra = spec.channels[index] if index < len(spec.channels) else {}
        new_like(Channel, pixels, pixels=pixels, index=index, **extra)
    return image


def _keep_acquisition(
    fileset: Fileset,
    specs: Sequence[ImageSpec],
    images: list[Image],
    global_metadata: Sequence[tuple[str, str]],
) -> None:
    """Original metadata rows (only where there are pairs) and one Instrument per
    microscope with its objectives, each once however many images name it."""
    found = [(None, global_metadata)] + [
        (image, spec.original) for spec, image in zip(specs, images, strict=True)
    ]
    OriginalMetadata.objects.bulk_create(
        OriginalMetadata.of(fileset, image, pairs) for image, pairs in found if pairs
    )
    instruments: dict[str, Instrument] = {}
    objectives: dict[tuple[str, tuple[Any, ...]], Objective] = {}
    for spec, image in zip(specs, images, strict=True):
        if not spec.objective:
            continue
        fields = dict(spec.objective)
        scope = str(fields.pop("microscope", "") or "")[:255]
        instrument = instruments.get(scope)
        if instrument is None:
            instrument = instruments[scope] = Instrument.objects.create(
                fileset=fileset, microscope=scope
            )
        key = (scope, tuple(sorted(fields.items())))
        objective = objectives.get(key)
        if objective is None:
            objective = objectives[key] = Objective.objects.create(instrument=instrument, **fields)
        ObjectiveSettings.objects.create(image=image, objective=objective)


def _create_plate(
    ctx: EventContext, spec: PlateSpec, images: list[Image], screen: Screen | None
) -> Plate:
    plate = do_create_plate(
        ctx,
        spec.name or "Plate",
        rows=spec.rows,
        columns=spec.columns,
        screen=screen,
        row_naming_convention=spec.row_naming,
        column_naming_convention=spec.column_naming,
    )
    runs = [
        new_like(PlateAcquisition, plate, plate=plate, name=name or "")
        for name in spec.acquisitions
    ]
    wells = {(w.row, w.column): w for w in Well.objects.filter(plate=plate)}
    fields: dict[int | None, int] = {}
    for sample in spec.samples:
        well = wells.get((sample.row, sample.column))
        if well is None:
            raise InputInvalidError(
                f"well ({sample.row}, {sample.column}) is outside the "
                f"{spec.rows} x {spec.columns} plate"
            )
        run = runs[sample.acquisition] if sample.acquisition is not None else None
        fields[sample.acquisition] = max(fields.get(sample.acquisition, 0), sample.index + 1)
        new_like(
            WellSample,
            well,
            well=well,
            image=images[sample.image],
            index=sample.index,
            plate_acquisition=run,
            pos_x=sample.pos_x,
            pos_y=sample.pos_y,
        )
    for index, run in enumerate(runs):
        run.maximum_field_count = fields.get(index)
        run.save(update_fields=["maximum_field_count"])
    return plate


def do_complete_pixels(
    ctx: EventContext,
    pixels: Pixels,
    *,
    stats: Sequence[tuple[float, float]] | None,
    rendering: tuple[dict[str, Any], Sequence[dict[str, Any]]] | None = None,
) -> Pixels:
    """The pyramid is written: record channel min/max, the owner's default rendering
    settings (RenderingDef fields, one dict per channel binding), and ``ready``."""
    with transaction.atomic():
        image = Image.objects.get(pk=pixels.image_id)
        check(ctx, Action.EDIT, image)
        if stats is not None:
            for channel in Channel.objects.filter(pixels=pixels):
                if channel.index < len(stats):
                    channel.stats_min, channel.stats_max = stats[channel.index]
                    touch(channel, "stats_min", "stats_max")
        if rendering is not None:
            fields, channels = rendering
            do_save_rendering_def(ctx, image, channels, for_owner=True, **fields)
        pixels.state = PixelsState.READY
        touch(pixels, "state")
    return pixels


def do_finish_import(ctx: EventContext, fileset: Fileset) -> Fileset:
    with transaction.atomic():
        _importing(ctx, fileset)
        fileset.state = FilesetState.COMPLETE
        touch(fileset, "state")
    return fileset


def do_touch_import(ctx: EventContext, fileset: Fileset) -> None:
    """Say the import still runs (a fileset importing for long untouched was interrupted)."""
    with transaction.atomic():
        check(ctx, Action.EDIT, fileset)
        touch(fileset)


def do_fail_import(ctx: EventContext, fileset: Fileset, error: str) -> Fileset:
    """Remove every row the import made and keep the fileset as ``failed`` with ``error``."""
    with transaction.atomic():
        check(ctx, Action.EDIT, fileset)
        plate_ids = set(
            WellSample.objects.filter(image__fileset=fileset).values_list(
                "well__plate_id", flat=True
            )
        )
        Image.objects.filter(fileset=fileset).delete()
        Plate.objects.filter(pk__in=plate_ids).delete()
        OriginalMetadata.objects.filter(fileset=fileset).delete()
        Instrument.objects.filter(fileset=fileset).delete()
        file_ids = list(
            FilesetEntry.objects.filter(fileset=fileset).values_list("original_file_id", flat=True)
        )
        OriginalFile.objects.filter(pk__in=file_ids).delete()
        fileset.state = FilesetState.FAILED
        fileset.error = error
        touch(fileset, "state", "error")
    return fileset


def stale_imports(idle: timedelta) -> list[Fileset]:
    """Filesets still ``importing`` but untouched for ``idle``: their worker died."""
    cutoff = timezone.now() - idle
    return list(Fileset.objects.filter(state=FilesetState.IMPORTING, updated__lt=cutoff))
