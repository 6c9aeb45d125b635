"""OMERO's bulk annotations of an object (``annotations/<type>/<id>/``): the file
annotations in the ``bulk_annotations`` namespace, or whose file is an OMERO.table, on
the object reached from ``<type>``/``<id>`` by a path such as ``Plate.wells`` (the plate
that holds well ``<id>``) or ``Screen.plateLinks.child.wells``."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from pyomero.model.access import access_object
from pyomero.model.context import EventContext
from pyomero.model.errors import InputInvalidError
from pyomero.model.models import ANNOTATION_LINKS, AnnotationKind
from pyomero.model.queries import annotation_links, visible

BULK_NS = "openmicroscopy.org/omero/bulk_annotations"
TABLES_MIMETYPE = "OMERO.tables"

#: ``<parent type>.<path>`` -> (the type of object ``<id>`` names, the lookup from a
#: parent row to that object).
PATHS: dict[str, tuple[str, str]] = {
    "Plate.wells": ("Well", "wells"),
    "Screen.plateLinks.child": ("Plate", "plate_links__child"),
    "Screen.plateLinks.child.wells": ("Well", "plate_links__child__wells"),
    "Project.datasetLinks.child": ("Dataset", "dataset_links__child"),
    "Dataset.imageLinks.child": ("Image", "image_links__child"),
    "Project.datasetLinks.child.imageLinks.child": (
        "Image",
        "dataset_links__child__image_links__child",
    ),
    "Well.wellSamples.image": ("Image", "samples__image"),
    "Plate.wells.wellSamples.image": ("Image", "wells__samples__image"),
}


def _parents(ctx: EventContext, objtype: str, objid: int) -> list[Any]:
    if objtype in ANNOTATION_LINKS and objtype != "Annotation":
        return [access_object(ctx, objtype, objid)]
    if objtype not in PATHS:
        choices = ", ".join([*(t for t in ANNOTATION_LINKS if t != "Annotation"), *PATHS])
        raise InputInvalidError(f"{objtype} cannot be queried: use one of {choices}")
    child_type, lookup = PATHS[objtype]
    access_object(ctx, child_type, objid)
    parent_type = objtype.split(".")[0]
    model = ANNOTATION_LINKS[parent_type]._meta.get_field("parent").related_model
    found: QuerySet[Any] = visible(ctx, model)  # type: ignore[arg-type]
    return list(found.filter(**{f"{lookup}__pk": objid}).distinct().order_by("pk"))


def _name(person: Any) -> str:
    return f"{person.first_name} {person.last_name}".strip()


def bulk_annotations(ctx: EventContext, objtype: str, objid: int) -> dict[str, Any]:
    """``{"data": [{"id", "name", "file", "ns", "parentType", "parentId", "owner",
    "addedBy", "addedOn"}]}``, as OMERO.web's ``_bulk_file_annotations``."""
    data = []
    bulk = Q(child__ns=BULK_NS) | Q(child__file__mimetype=TABLES_MIMETYPE)
    for parent in _parents(ctx, objtype, objid):
        links = (
            annotation_links(ctx, parent)
            .filter(bulk, child__kind=AnnotationKind.FILE)
            .select_related("child__file", "child__owner", "owner")
            .order_by("pk")
        )
        for link in links:
            annotation = link.child
            data.append(
                {
                    "id": annotation.pk,
                    "name": annotation.file.name if annotation.file else "",
                    "file": annotation.file_id,
                    "ns": annotation.ns,
                    "parentType": objtype.split(".")[0],
                    "parentId": parent.pk,
                    "owner": _name(annotation.owner),
                    "addedBy": _name(link.owner),
                    "addedOn": int(link.created.timestamp() * 1000),
                }
            )
    return {"data": data}
