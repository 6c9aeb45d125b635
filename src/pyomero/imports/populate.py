"""``omero metadata populate``: a CSV file becomes an OMERO.table (bulk annotations)
attached to a Screen, Plate, Project, Dataset or Image.

As omero-metadata does: object columns hold ids (``Image``, ``Dataset``, ``Roi``) or
names (``Plate``, ``Well``, ``Image Name``); names are looked up among the target's
objects and the other half is added (a ``Well`` column of ids and a ``Well Name``
column of the names, an ``Image`` column for ``Image Name``, and so on).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pyomero.model.access import access_object
from pyomero.model.actions import do_attach_table
from pyomero.model.context import EventContext
from pyomero.model.errors import InputInvalidError
from pyomero.model.models import Annotation, Image, Plate, Well
from pyomero.model.queries import visible
from pyomero.tables import Column, CsvColumn, TableError, read_csv

TARGETS = ("Screen", "Plate", "Project", "Dataset", "Image")
SCALAR_COLUMNS = {"s": "StringColumn", "d": "DoubleColumn", "l": "LongColumn", "b": "BoolColumn"}
ID_COLUMNS = {"image": "ImageColumn", "dataset": "DatasetColumn", "roi": "RoiColumn"}
_WELL = re.compile(r"^\s*([A-Za-z]+)\s*0*(\d+)\s*$")


@dataclass
class _Built:
    columns: list[Column] = field(default_factory=list)
    values: list[list[Any]] = field(default_factory=list)
    extra: list[tuple[Column, list[Any]]] = field(default_factory=list)

    def add(self, column: Column, values: list[Any]) -> None:
        self.columns.append(column)
        self.values.append(values)

    def names(self) -> set[str]:
        return {c.name for c in self.columns} | {c.name for c, _ in self.extra}


def _images(ctx: EventContext, target: Any) -> Any:
    found = visible(ctx, Image)
    kind = target.omero_type
    lookup = {
        "Image": "pk",
        "Dataset": "dataset_links__parent",
        "Project": "dataset_links__parent__project_links__parent",
        "Plate": "well_samples__well__plate",
        "Screen": "well_samples__well__plate__screen_links__parent",
    }[kind]
    return found.filter(**{lookup: target.pk}).distinct()


def _plates(ctx: EventContext, target: Any) -> dict[str, Plate]:
    if target.omero_type == "Plate":
        return {target.name: target}
    if target.omero_type != "Screen":
        raise InputInvalidError("Plate and Well columns need a Screen or Plate target")
    plates = visible(ctx, Plate).filter(screen_links__parent=target).order_by("pk")
    return {plate.name: plate for plate in plates}


def _well_key(name: str) -> tuple[int, int]:
    match = _WELL.match(name)
    if not match:
        raise InputInvalidError(f"{name!r} is not a well name such as A1")
    row = 0
    for letter in match.group(1).upper():
        row = row * 26 + ord(letter) - ord("A") + 1
    return row - 1, int(match.group(2)) - 1


def _resolve_images(ctx: EventContext, target: Any, names: list[str]) -> list[int]:
    by_name: dict[str, list[int]] = {}
    for pk, name in _images(ctx, target).values_list("pk", "name"):
        by_name.setdefault(name, []).append(pk)
    ids = []
    for name in names:
        found = by_name.get(name, [])
        if len(found) != 1:
            why = "is not" if not found else "names several images"
            raise InputInvalidError(f"image {name!r} {why} in {target.omero_type} {target.pk}")
        ids.append(found[0])
    return ids


def _image_names(ctx: EventContext, target: Any, ids: list[int]) -> list[str]:
    names = dict(_images(ctx, target).filter(pk__in=set(ids)).values_list("pk", "name"))
    missing = sorted(set(ids) - set(names))
    if missing:
        raise InputInvalidError(f"image {missing[0]} is not in {target.omero_type} {target.pk}")
    return [names[i] for i in ids]


def _plate_ids(ctx: EventContext, target: Any, names: list[str]) -> list[int]:
    plates = _plates(ctx, target)
    missing = [name for name in names if name not in plates]
    if missing:
        raise InputInvalidError(f"plate {missing[0]!r} is not in {target.omero_type} {target.pk}")
    return [plates[name].pk for name in names]


def _well_ids(
    ctx: EventContext, target: Any, names: list[str], plate_names: list[str] | None
) -> list[int]:
    plates = _plates(ctx, target)
    if plate_names is None:
        if len(plates) != 1:
            raise InputInvalidError("name the plate of each well in a Plate column")
        plate_names = [next(iter(plates))] * len(names)
    wells: dict[tuple[int, int, int], int] = {
        (plate_id, row, column): pk
        for pk, plate_id, row, column in visible(ctx, Well)
        .filter(plate__in=[p.pk for p in plates.values()])
        .values_list("pk", "plate_id", "row", "column")
    }
    ids = []
    for name, plate_name in zip(names, plate_names, strict=True):
        plate = plates.get(plate_name)
        if plate is None:
            kind = target.omero_type
            raise InputInvalidError(f"plate {plate_name!r} is not in {kind} {target.pk}")
        found = wells.get((plate.pk, *_well_key(name)))
        if found is None:
            raise InputInvalidError(f"well {name} is not in plate {plate_name!r}")
        ids.append(found)
    return ids


def _column(
    ctx: EventContext, target: Any, csv: CsvColumn, plates: list[str] | None, built: _Built
) -> None:
    key = re.sub(r"[\s_]+", "", csv.name.lower())
    values = csv.values()
    if csv.header in SCALAR_COLUMNS:
        built.add(Column(csv.name, SCALAR_COLUMNS[csv.header]), values)
        if key == "imagename" and "Image" not in built.names():
            ids = _resolve_images(ctx, target, values)
            built.extra.append((Column("Image", "ImageColumn"), ids))
        return
    if csv.header == "image":
        built.add(Column("Image", "ImageColumn"), values)
        if "Image Name" not in built.names():
            names = _image_names(ctx, target, values)
            built.extra.append((Column("Image Name", "StringColumn"), names))
    elif csv.header in ID_COLUMNS:
        built.add(Column(csv.name.split()[0].title(), ID_COLUMNS[csv.header]), values)
    elif csv.header == "plate":
        built.add(Column("Plate", "PlateColumn"), _plate_ids(ctx, target, values))
        built.extra.append((Column("Plate Name", "StringColumn"), values))
    elif csv.header == "well":
        built.add(Column("Well", "WellColumn"), _well_ids(ctx, target, values, plates))
        built.extra.append((Column("Well Name", "StringColumn"), values))


def populate(
    ctx: EventContext,
    target_type: str,
    target_id: int,
    text: str,
    *,
    name: str = "bulk_annotations",
) -> Annotation:
    """Attach the CSV ``text`` as an OMERO.table to ``target_type`` ``target_id``."""
    if target_type not in TARGETS:
        raise InputInvalidError(f"a table can go on a {', '.join(TARGETS)}, not {target_type}")
    target = access_object(ctx, target_type, target_id)
    try:
        columns = read_csv(text)
        plates = next((c.values() for c in columns if c.header == "plate"), None)
        built = _Built()
        for csv in columns:
            _column(ctx, target, csv, plates, built)
    except TableError as exc:
        raise InputInvalidError(exc.message) from None
    for column, values in built.extra:
        built.add(column, values)
    return do_attach_table(ctx, target, name, built.columns, built.values)
