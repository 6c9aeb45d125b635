"""Writes of projects, datasets, screens, plates, images and the links between them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction

from pyomero.model.access import check
from pyomero.model.actions._base import clean_name, new, new_like, same_group, touch
from pyomero.model.context import EventContext
from pyomero.model.errors import InputInvalidError
from pyomero.model.models import (
    Channel,
    Dataset,
    DatasetImageLink,
    Fileset,
    Image,
    Link,
    NamedObject,
    Pixels,
    Plate,
    PlateAcquisition,
    Project,
    ProjectDatasetLink,
    Screen,
    ScreenPlateLink,
    Well,
    WellSample,
)
from pyomero.model.permissions import Action, can, details_of
from pyomero.model.queries import visible_images

# (parent model, child model) -> the link model that joins them.
CONTAINER_LINKS: dict[tuple[type[Any], type[Any]], type[Link]] = {
    (Project, Dataset): ProjectDatasetLink,
    (Dataset, Image): DatasetImageLink,
    (Screen, Plate): ScreenPlateLink,
}


def _create(model: type[NamedObject], ctx: EventContext, name: str, description: str) -> Any:
    with transaction.atomic():
        return new(model, ctx, name=clean_name(name), description=description or "")


def do_create_project(ctx: EventContext, name: str, description: str = "") -> Project:
    return _create(Project, ctx, name, description)  # type: ignore[no-any-return]


def do_create_dataset(
    ctx: EventContext, name: str, description: str = "", project: Project | None = None
) -> Dataset:
    """A dataset in ctx's group, put into ``project`` when given."""
    with transaction.atomic():
        dataset: Dataset = _create(Dataset, ctx, name, description)
        if project is not None:
            do_link(ctx, project, dataset)
    return dataset


def do_create_screen(ctx: EventContext, name: str, description: str = "") -> Screen:
    return _create(Screen, ctx, name, description)  # type: ignore[no-any-return]


def do_create_plate(
    ctx: EventContext,
    name: str,
    *,
    rows: int,
    columns: int,
    description: str = "",
    screen: Screen | None = None,
    **fields: Any,
) -> Plate:
    """A plate with ``rows`` x ``columns`` empty wells."""
    with transaction.atomic():
        plate = new(
            Plate,
            ctx,
            name=clean_name(name),
            description=description,
            rows=rows,
            columns=columns,
            **fields,
        )
        Well.objects.bulk_create(
            Well(owner_id=plate.owner_id, group_id=plate.group_id, plate=plate, row=r, column=c)
            for r in range(rows)
            for c in range(columns)
        )
        if screen is not None:
            do_link(ctx, screen, plate)
    return plate


def do_create_plate_acquisition(
    ctx: EventContext, plate: Plate, name: str = ""
) -> PlateAcquisition:
    with transaction.atomic():
        check(ctx, Action.EDIT, plate)
        return new_like(PlateAcquisition, plate, plate=plate, name=name)


def do_add_well_sample(
    ctx: EventContext,
    well: Well,
    image: Image,
    *,
    index: int = 0,
    plate_acquisition: PlateAcquisition | None = None,
) -> WellSample:
    """Put an image into a well as field ``index``."""
    with transaction.atomic():
        check(ctx, Action.EDIT, well)
        check(ctx, Action.LINK, image)
        same_group(well, image)
        return new_like(
            WellSample,
            well,
            well=well,
            image=image,
            index=index,
            plate_acquisition=plate_acquisition,
        )


def do_create_image(
    ctx: EventContext,
    name: str,
    *,
    size_x: int,
    size_y: int,
    size_z: int = 1,
    size_c: int = 1,
    size_t: int = 1,
    pixels_type: str = "uint8",
    channels: Sequence[dict[str, Any]] = (),
    description: str = "",
    acquisition_date: datetime | None = None,
    series: int = 0,
    fileset: Fileset | None = None,
    dataset: Dataset | None = None,
    **pixels_fields: Any,
) -> Image:
    """An image with its pixels and one channel per C (``channels`` gives their fields)."""
    if min(size_x, size_y, size_z, size_c, size_t) < 1:
        raise InputInvalidError("every image dimension must be at least 1")
    if len(channels) > size_c:
        raise InputInvalidError("more channels than sizeC")
    with transaction.atomic():
        image = new(
            Image,
            ctx,
            name=clean_name(name),
            description=description,
            acquisition_date=acquisition_date,
            series=series,
            fileset=fileset,
        )
        pixels = new_like(
            Pixels,
            image,
            image=image,
            size_x=size_x,
            size_y=size_y,
            size_z=size_z,
            size_c=size_c,
            size_t=size_t,
            pixels_type=pixels_type,
            **pixels_fields,
        )
        for index in range(size_c):
            extra = channels[index] if index < len(channels) else {}
            new_like(Channel, pixels, pixels=pixels, index=index, **extra)
        if dataset is not None:
            do_link(ctx, dataset, image)
    return image


def do_update(
    ctx: EventContext, obj: Any, *, name: str | None = None, description: str | None = None
) -> None:
    """Rename or re-describe an object (edit permission)."""
    fields = []
    if name is not None:
        obj.name = clean_name(name)
        fields.append("name")
    if description is not None:
        obj.description = description
        fields.append("description")
    if not fields:
        return
    with transaction.atomic():
        check(ctx, Action.EDIT, obj)
        touch(obj, *fields)


def do_set_channel_names(ctx: EventContext, image: Image, names: dict[int, str]) -> dict[int, str]:
    """Rename the channels of ``image`` by 0-based index (edit permission); names are
    trimmed and cut to 255 characters, indexes the image lacks are ignored.
    Returns the names given, by index."""
    renamed = {}
    cleaned = channel_names(names)
    with transaction.atomic():
        check(ctx, Action.EDIT, image)
        channels = Channel.objects.filter(pixels__image=image, index__in=list(cleaned))
        for channel in channels.select_for_update():
            channel.name = cleaned[channel.index]
            touch(channel, "name")
            renamed[channel.index] = channel.name
    return renamed


def channel_names(names: dict[int, str], size_c: int | None = None) -> dict[int, str]:
    """Channel names as stored: trimmed, cut to 255 characters, indexes below ``size_c``."""
    return {
        index: name.strip()[:255]
        for index, name in names.items()
        if size_c is None or index < size_c
    }


def do_set_channel_names_in(
    ctx: EventContext, container: Dataset | Plate, names: dict[int, str], size_c: int
) -> tuple[int, int]:
    """Rename the channels of every image in ``container`` (a dataset, or a plate's
    wells) that has ``size_c`` channels and that ctx may edit, as OMERO's "apply to all"
    does; images ctx may only read are left as they are. One transaction. Returns
    (images renamed, channels renamed)."""
    check(ctx, Action.VIEW, container)
    images = visible_images(ctx).filter(pixels__size_c=size_c)
    if isinstance(container, Dataset):
        images = images.filter(dataset_links__parent=container)
    else:
        images = images.filter(well_samples__well__plate=container)
    editable = [i for i in images.distinct() if can(ctx, Action.EDIT, details_of(i))]
    cleaned = channel_names(names, size_c)
    renamed = 0
    with transaction.atomic():
        channels = Channel.objects.filter(
            pixels__image__in=editable, index__in=list(cleaned)
        ).select_for_update()
        for channel in channels:
            channel.name = cleaned[channel.index]
            touch(channel, "name")
            renamed += 1
    return len(editable), renamed


def do_link(ctx: EventContext, parent: Any, child: Any) -> Link:
    """Put ``child`` into ``parent`` (a dataset into a project, an image into a dataset).

    Needs the link permission on both; the link belongs to ctx's user. Linking
    twice returns the existing link.
    """
    link_model = CONTAINER_LINKS.get((type(parent), type(child)))
    if link_model is None:
        raise InputInvalidError(f"cannot put a {child.omero_type} into a {parent.omero_type}")
    with transaction.atomic():
        check(ctx, Action.LINK, parent)
        check(ctx, Action.LINK, child)
        same_group(parent, child)
        existing = link_model._default_manager.filter(parent=parent, child=child).first()
        if existing is not None:
            return existing
        return new(link_model, ctx, group_id=parent.group_id, parent=parent, child=child)


def do_unlink(ctx: EventContext, link: Link) -> None:
    """Remove a link (delete permission on the link)."""
    with transaction.atomic():
        check(ctx, Action.DELETE, link)
        link.delete()
