"""The data tree's JSON, in OMERO.web's shapes (``webclient/tree.py``'s ``marshal_*``).

Every list comes from ``model.queries`` (which decides visibility), is filtered by
owner when an experimenter is chosen, and is paged: the tree never loads a whole
large container.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, NotRequired, TypedDict, TypeVar

from django.db.models import Count, F, Max, Min, Model, QuerySet

from pyomero.model import queries
from pyomero.model.access import access_plate
from pyomero.model.context import EventContext
from pyomero.model.models import (
    Dataset,
    Image,
    Plate,
    PlateAcquisition,
    Project,
    Screen,
    Well,
    WellSample,
)
from pyomero.model.permissions import Action, Details, can, details_of
from pyomero.webclient.config import webclient_config
from pyomero.webclient.dates import omero_date
from pyomero.webclient.params import ListParams

M = TypeVar("M", bound=Model)


class ContainerJson(TypedDict):
    id: int
    name: str
    ownerId: int
    childCount: int
    permsCss: str


class ImageJson(TypedDict):
    id: int
    name: str
    ownerId: int
    permsCss: str
    filesetId: int | None
    # with ?sizeXYZ=true and ?date=true (the table view); ownerName is pyomero's
    sizeX: NotRequired[int | None]
    sizeY: NotRequired[int | None]
    sizeZ: NotRequired[int | None]
    date: NotRequired[str]
    acqDate: NotRequired[str]
    ownerName: NotRequired[str]


@dataclass(frozen=True)
class ImageExtras:
    """OMERO's ``sizeXYZ=true`` and ``date=true`` of ``api/images/``."""

    sizes: bool = False
    dates: bool = False


def perms_css(ctx: EventContext, obj: Any) -> str:
    """OMERO's CSS classes of what ctx may do (``canEdit canAnnotate ... isOwned``)."""
    return _perms_css(ctx, details_of(obj))


@lru_cache(maxsize=4096)
def _perms_css(ctx: EventContext, details: Details) -> str:
    """The answer depends only on the context and the details: a page of objects of one
    owner and group asks the policy once."""
    flags = (
        ("canEdit", can(ctx, Action.EDIT, details)),
        ("canAnnotate", can(ctx, Action.ANNOTATE, details)),
        ("canLink", can(ctx, Action.LINK, details)),
        ("canDelete", can(ctx, Action.DELETE, details)),
        ("canChgrp", can(ctx, Action.CHGRP, details)),
        ("canChown", can(ctx, Action.CHOWN, details)),
        ("isOwned", details.owner_id == ctx.user_id),
    )
    return " ".join(name for name, allowed in flags if allowed)


def page_of(found: QuerySet[M], params: ListParams) -> QuerySet[M]:
    if params.experimenter_id != -1:
        found = found.filter(owner_id=params.experimenter_id)
    return found.order_by("name", "id")[params.offset : params.offset + params.limit]


def marshal_container(ctx: EventContext, obj: Any) -> ContainerJson:
    return {
        "id": obj.pk,
        "name": obj.name,
        "ownerId": obj.owner_id,
        "childCount": obj.child_count,
        "permsCss": perms_css(ctx, obj),
    }


def marshal_image(ctx: EventContext, image: Any) -> ImageJson:
    return {
        "id": image.pk,
        "name": image.name,
        "ownerId": image.owner_id,
        "permsCss": perms_css(ctx, image),
        "filesetId": image.fileset_id,
    }


def projects(ctx: EventContext, params: ListParams) -> list[ContainerJson]:
    found = queries.visible_projects(ctx).annotate(
        child_count=Count("dataset_links", distinct=True)
    )
    return [marshal_container(ctx, p) for p in page_of(found, params)]


def _datasets(ctx: EventContext, found: QuerySet[Dataset], params: ListParams) -> list[Any]:
    counted = found.annotate(child_count=Count("image_links", distinct=True))
    return [marshal_container(ctx, d) for d in page_of(counted, params)]


def orphaned_datasets(ctx: EventContext, params: ListParams) -> list[ContainerJson]:
    return _datasets(ctx, queries.orphaned_datasets(ctx), params)


def datasets_in_project(ctx: EventContext, params: ListParams) -> list[ContainerJson]:
    return _datasets(ctx, queries.datasets_in_project(ctx, params.parent_id), params)


def images_in_dataset(
    ctx: EventContext, params: ListParams, extras: ImageExtras = ImageExtras()
) -> list[ImageJson]:
    found = queries.images_in_dataset(ctx, params.parent_id)
    return _images(ctx, found, params, extras)


def orphaned_images(
    ctx: EventContext, params: ListParams, extras: ImageExtras = ImageExtras()
) -> list[ImageJson]:
    return _images(ctx, queries.orphaned_images(ctx), params, extras)


# What a page of images reads (the rows are wide; a page is sorted among thousands).
IMAGE_FIELDS = (
    "id",
    "name",
    "owner_id",
    "group_id",
    "fileset_id",
    "acquisition_date",
    "created",
    "owner__first_name",
    "owner__middle_name",
    "owner__last_name",
    "group__permissions",
)


def _images(
    ctx: EventContext, found: QuerySet[Image], params: ListParams, extras: ImageExtras
) -> list[ImageJson]:
    found = found.only(*IMAGE_FIELDS)
    if extras.sizes:
        found = found.annotate(
            size_x=F("pixels__size_x"), size_y=F("pixels__size_y"), size_z=F("pixels__size_z")
        )
    page = []
    for image in page_of(found, params):
        marshalled = marshal_image(ctx, image)
        row: Any = image
        if extras.sizes:
            marshalled["sizeX"], marshalled["sizeY"] = row.size_x, row.size_y
            marshalled["sizeZ"] = row.size_z
        if extras.dates:  # OMERO's: the creation, and the acquisition when known
            marshalled["date"] = omero_date(image.created)
            if image.acquisition_date is not None:
                marshalled["acqDate"] = omero_date(image.acquisition_date)
            marshalled["ownerName"] = image.owner.get_full_name()
        page.append(marshalled)
    return page


# Screens > Plates > Runs (OMERO's marshal_screens, marshal_plates, marshal_plate_acquisitions)


class PlateAcquisitionJson(TypedDict):
    id: int
    name: str
    ownerId: int
    permsCss: str


def screens(ctx: EventContext, params: ListParams) -> list[ContainerJson]:
    found = queries.visible_screens(ctx).annotate(child_count=Count("plate_links", distinct=True))
    return [marshal_container(ctx, s) for s in page_of(found, params)]


def _plates(ctx: EventContext, found: QuerySet[Plate], params: ListParams) -> list[Any]:
    counted = found.annotate(child_count=Count("acquisitions", distinct=True))
    return [marshal_container(ctx, p) for p in page_of(counted, params)]


def orphaned_plates(ctx: EventContext, params: ListParams) -> list[ContainerJson]:
    return _plates(ctx, queries.orphaned_plates(ctx), params)


def plates_in_screen(ctx: EventContext, params: ListParams) -> list[ContainerJson]:
    return _plates(ctx, queries.plates_in_screen(ctx, params.parent_id), params)


def plate_acquisitions(ctx: EventContext, params: ListParams) -> list[PlateAcquisitionJson]:
    """The runs of a plate, oldest first; a run with no name is named by its times."""
    found = queries.plate_acquisitions_of_plate(ctx, params.parent_id)
    page = found[params.offset : params.offset + params.limit]
    return [marshal_plate_acquisition(ctx, run) for run in page]


def marshal_plate_acquisition(ctx: EventContext, run: Any) -> PlateAcquisitionJson:
    return {
        "id": run.pk,
        "name": run_name(run),
        "ownerId": run.owner_id,
        "permsCss": perms_css(ctx, run),
    }


def plate_fields(ctx: EventContext, plate_id: int) -> list[int]:
    """The first and last field index of a plate's wells (OMERO's ``getNumberOfFields``)."""
    plate = access_plate(ctx, plate_id)
    found = WellSample.objects.filter(well__plate=plate).aggregate(
        first=Min("index"), last=Max("index")
    )
    return [] if found["first"] is None else [found["first"], found["last"]]


def run_name(run: PlateAcquisition) -> str:
    if run.name:
        return str(run.name)
    if run.start_time and run.end_time:
        return f"{_naive_utc(run.start_time)} - {_naive_utc(run.end_time)}"
    if run.start_time:
        return str(_naive_utc(run.start_time))
    return f"Run {run.pk}"


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def orphaned_count(ctx: EventContext, experimenter_id: int) -> dict[str, int]:
    """OMERO's ``orphaned`` node: ``id`` is the experimenter (-1: everyone)."""
    found = queries.orphaned_images(ctx)
    if experimenter_id != -1:
        found = found.filter(owner_id=experimenter_id)
    return {"id": experimenter_id, "childCount": found.count()}


# Deep links: the paths from the root of the tree to an object.

Step = dict[str, Any]
Path = tuple[int, list[Step]]  # the top container's owner, then the steps below it


def paths_to_object(ctx: EventContext, obj: Any, page_size: int = 0) -> list[list[Step]]:
    """Every path to an object, as OMERO's ``paths_to_object``: the owner of the top
    container, then project > dataset > image, orphaned > image, or screen > plate >
    acquisition > well > image (no screen for an orphaned plate, no acquisition for a
    well sample taken in no run). An image's dataset step carries ``childCount``, and
    ``childIndex``/``childPage`` (1-based) when the dataset holds more images than a
    page of ``page_size`` (``omero.web.page_size``); an orphaned step too."""
    paths = [[{"type": "experimenter", "id": owner}, *steps] for owner, steps in _paths(ctx, obj)]
    if isinstance(obj, Image):
        _locate(ctx, obj, paths, page_size or webclient_config().page_size)
    return paths


def _locate(ctx: EventContext, image: Image, paths: list[list[Step]], page_size: int) -> None:
    """Where the image is in the pages of its datasets (and of the orphaned images)."""
    for path in paths:
        for step in path:
            if step["type"] == "dataset":
                siblings = queries.images_in_dataset(ctx, step["id"])
                step["childCount"] = siblings.count()
            elif step["type"] == "orphaned":
                siblings = queries.orphaned_images(ctx).filter(owner_id=step["id"])
                if siblings.count() <= page_size:
                    continue
                step["childCount"] = siblings.count()
            else:
                continue
            if step["childCount"] > page_size:
                ids = list(siblings.order_by("name", "id").values_list("id", flat=True))
                if image.pk in ids:
                    step["childIndex"] = ids.index(image.pk)
                    step["childPage"] = step["childIndex"] // page_size + 1


def _paths(ctx: EventContext, obj: Any) -> list[Path]:
    if isinstance(obj, Project):
        return [(_owner(obj), [_step("project", obj.pk)])]
    if isinstance(obj, Dataset):
        return _dataset_paths(ctx, obj)
    if isinstance(obj, Screen):
        return [(_owner(obj), [_step("screen", obj.pk)])]
    if isinstance(obj, Plate):
        return _plate_paths(ctx, obj)
    if isinstance(obj, PlateAcquisition):
        return _below(_plate_paths(ctx, obj.plate), _step("acquisition", obj.pk))
    if isinstance(obj, Well):
        paths = _sample_paths(ctx, WellSample.objects.filter(well=obj))
        return paths or _below(_plate_paths(ctx, obj.plate), _step("well", obj.pk))
    return _image_paths(ctx, obj)


def _owner(obj: Any) -> int:
    return int(obj.owner_id)


def _step(c_type: str, c_id: int) -> Step:
    return {"type": c_type, "id": c_id}


def _below(paths: list[Path], *steps: Step) -> list[Path]:
    return [(owner, [*above, *steps]) for owner, above in paths]


def _image_paths(ctx: EventContext, image: Image) -> list[Path]:
    step = _step("image", image.pk)
    datasets = queries.visible_datasets(ctx).filter(image_links__child=image).distinct()
    paths = [path for d in datasets for path in _below(_dataset_paths(ctx, d), step)]
    paths += _sample_paths(ctx, WellSample.objects.filter(image=image), step)
    return paths or [(_owner(image), [_step("orphaned", _owner(image)), step])]


def _dataset_paths(ctx: EventContext, dataset: Dataset) -> list[Path]:
    step = _step("dataset", dataset.pk)
    found = queries.visible_projects(ctx).filter(dataset_links__child=dataset).distinct()
    parents = list(found.values_list("id", "owner_id"))
    if not parents:
        return [(_owner(dataset), [step])]
    return [(owner, [_step("project", pid), step]) for pid, owner in parents]


def _plate_paths(ctx: EventContext, plate: Plate) -> list[Path]:
    step = _step("plate", plate.pk)
    found = queries.visible_screens(ctx).filter(plate_links__child=plate).distinct()
    parents = list(found.values_list("id", "owner_id"))
    if not parents:
        return [(_owner(plate), [step])]
    return [(owner, [_step("screen", sid), step]) for sid, owner in parents]


def _sample_paths(ctx: EventContext, samples: QuerySet[WellSample], *tail: Step) -> list[Path]:
    """The paths through the wells (and runs) of ``samples``, in plates ctx may see."""
    rows = list(
        samples.order_by("well__plate_id", "plate_acquisition_id", "well_id")
        .values_list("well__plate_id", "plate_acquisition_id", "well_id")
        .distinct()
    )
    plates = {p.pk: p for p in queries.visible_plates(ctx).filter(pk__in={r[0] for r in rows})}
    above = {pk: _plate_paths(ctx, plate) for pk, plate in plates.items()}
    paths: list[Path] = []
    for plate_id, run_id, well_id in rows:
        if plate_id in above:
            run = [_step("acquisition", run_id)] if run_id is not None else []
            paths += _below(above[plate_id], *run, _step("well", well_id), *tail)
    return paths
