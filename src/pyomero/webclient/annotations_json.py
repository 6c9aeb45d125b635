"""``webclient/api/annotations/``: the annotations on some objects, in OMERO.web's shape
(``webclient/tree.py``'s ``marshal_annotations``): one entry per link, with the link's
parent, owner, date and permissions, and the people who made them.

Objects are given as OMERO.web does (``image=1&image=2&dataset=3``); those ctx may not
see are left out, as OMERO's query leaves them out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from pyomero.model.context import EventContext
from pyomero.model.models import (
    ANNOTATION_LINKS,
    RATING_NS,
    AnnotationKind,
    Dataset,
    Image,
    Plate,
    PlateAcquisition,
    Project,
    Screen,
    Well,
)
from pyomero.model.permissions import Action, can, details_of
from pyomero.model.queries import visible
from pyomero.webclient.dates import omero_date

#: OMERO.web's parameter -> (OMERO type, model), in the order it queries them.
PARENTS: dict[str, tuple[str, Any]] = {
    "project": ("Project", Project),
    "dataset": ("Dataset", Dataset),
    "image": ("Image", Image),
    "screen": ("Screen", Screen),
    "plate": ("Plate", Plate),
    "acquisition": ("PlateAcquisition", PlateAcquisition),
    "well": ("Well", Well),
}
#: OMERO.web's ``type=`` filters.
KINDS: dict[str, Q] = {
    "tag": Q(child__kind=AnnotationKind.TAG),
    "file": Q(child__kind=AnnotationKind.FILE),
    "comment": Q(child__kind=AnnotationKind.COMMENT),
    "rating": Q(child__kind=AnnotationKind.LONG, child__ns=RATING_NS),
    "map": Q(child__kind=AnnotationKind.MAP),
    "custom": ~Q(
        child__kind__in=[
            AnnotationKind.MAP,
            AnnotationKind.TAG,
            AnnotationKind.FILE,
            AnnotationKind.COMMENT,
        ]
    )
    & ~Q(child__ns=RATING_NS),
}
#: The value fields of the other annotation classes, OMERO's names.
VALUES = (
    ("timeValue", "time_value"),
    ("longValue", "long_value"),
    ("doubleValue", "double_value"),
    ("boolValue", "bool_value"),
    ("textValue", "text_value"),
)
_KIND_VALUES = {
    AnnotationKind.TAG: "textValue",
    AnnotationKind.COMMENT: "textValue",
    AnnotationKind.LONG: "longValue",
    AnnotationKind.DOUBLE: "doubleValue",
    AnnotationKind.BOOLEAN: "boolValue",
    AnnotationKind.TIMESTAMP: "timeValue",
}


def _perms(ctx: EventContext, obj: Any) -> dict[str, bool]:
    details = details_of(obj)
    return {
        "canDelete": can(ctx, Action.DELETE, details),
        "canAnnotate": can(ctx, Action.ANNOTATE, details),
        "canLink": can(ctx, Action.LINK, details),
        "canEdit": can(ctx, Action.EDIT, details),
    }


def _person(person: Any) -> dict[str, Any]:
    return {
        "id": person.pk,
        "omeName": person.ome_name,
        "firstName": person.first_name,
        "lastName": person.last_name,
    }


def marshal_annotation(ctx: EventContext, link: Any, parent_type: str) -> dict[str, Any]:
    annotation = link.child
    found: dict[str, Any] = {
        "id": annotation.pk,
        "ns": annotation.ns or None,
        "name": annotation.name or None,
        "description": annotation.description or None,
        "owner": {"id": annotation.owner_id},
        "date": omero_date(annotation.created),
        "permissions": _perms(ctx, annotation),
        "link": {
            "id": link.pk,
            "owner": {"id": link.owner_id},
            "parent": {"id": link.parent_id, "class": f"{parent_type}I"},
            "date": omero_date(link.created),
            "permissions": _perms(ctx, link),
        },
        "class": f"{annotation.kind}I",
    }
    name = _parent_label(link.parent, parent_type)
    if name:
        found["link"]["parent"]["name"] = name
    if annotation.kind == AnnotationKind.MAP:
        found["values"] = [[nv.name, nv.value] for nv in annotation.map_values.all()]
    elif annotation.kind == AnnotationKind.FILE and annotation.file is not None:
        file = annotation.file
        found["file"] = {
            "id": file.pk,
            "name": file.name,
            "size": file.size,
            "path": file.path,
            "mimetype": file.mimetype,
        }
        found["permissions"]["canDownload"] = True
    elif annotation.kind in _KIND_VALUES:
        key = _KIND_VALUES[annotation.kind]
        field = dict(VALUES)[key]
        value = getattr(annotation, field)
        if key == "timeValue" and value is not None:
            value = int(value.timestamp() * 1000)
        found[key] = value
    return found


def _parent_label(parent: Any, parent_type: str) -> str:
    """The parent's name; a run without one is ``Run <id>``, a well its position."""
    if parent_type == "Well":
        plate = parent.plate
        row = plate_label(parent.row, plate.row_naming_convention, "letter")
        return row + plate_label(parent.column, plate.column_naming_convention, "number")
    name = str(getattr(parent, "name", "") or "")
    if not name and parent_type == "PlateAcquisition":
        return f"Run {parent.pk}"
    return name


def plate_label(index: int, convention: str, default: str) -> str:
    """A row or column of a plate as OMERO labels it: A..Z, AA.. or 1, 2..."""
    if (convention or default).lower() != "letter":
        return str(index + 1)
    label, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("A") + rest) + label
    return label


def _links(ctx: EventContext, parent_type: str, model: Any, ids: Iterable[int]) -> QuerySet[Any]:
    parents = visible(ctx, model).filter(pk__in=list(ids)).values("pk")
    return visible(ctx, ANNOTATION_LINKS[parent_type]).filter(parent_id__in=parents)


def list_annotations(
    ctx: EventContext,
    wanted: dict[str, list[int]],
    ann_type: str | None = None,
    ns: str | None = None,
    page: int = 1,
    limit: int = 500,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``(annotations, experimenters)`` on the objects ``wanted`` (parameter -> ids);
    ``page`` 0 lists them all, else ``limit`` per page and type of parent."""
    found: list[dict[str, Any]] = []
    people: dict[int, dict[str, Any]] = {}
    for parameter, (parent_type, model) in PARENTS.items():
        ids = wanted.get(parameter) or []
        if not ids:
            continue
        links = _links(ctx, parent_type, model, ids)
        if ann_type in KINDS:
            links = links.filter(KINDS[ann_type])
        if ns is not None:
            links = links.filter(child__ns=ns)
        related = ["owner", "parent", "child__owner", "child__file", "child__group"]
        if parent_type == "Well":
            related.append("parent__plate")
        links = links.select_related(*related).prefetch_related("child__map_values")
        links = links.order_by("child__ns", "pk")
        if page > 0:
            links = links[(page - 1) * limit : page * limit]
        for link in links:
            found.append(marshal_annotation(ctx, link, parent_type))
            people[link.owner_id] = _person(link.owner)
            people[link.child.owner_id] = _person(link.child.owner)
    return found, [people[k] for k in sorted(people)]
