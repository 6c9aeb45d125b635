"""The Tags tab's JSON, in OMERO.web's shapes (``webclient/tree.py``'s ``marshal_tags``
and ``marshal_tagged``): tag sets and tags, and what a tag is on.

Every list comes from ``model.queries`` (which decides visibility) and is paged.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from pyomero.model import queries
from pyomero.model.context import EventContext
from pyomero.model.models import (
    ANNOTATION_LINKS,
    TAGSET_NS,
    Annotation,
    AnnotationAnnotationLink,
    AnnotationKind,
)
from pyomero.webclient import tree
from pyomero.webclient.annotations_json import plate_label
from pyomero.webclient.params import ListParams


class TagJson(TypedDict):
    id: int
    value: str
    description: NotRequired[str]
    ownerId: int
    permsCss: str
    set: bool
    childCount: int


def tags(ctx: EventContext, params: ListParams, *, orphaned: bool = False) -> list[TagJson]:
    """Tags and tag sets; ``orphaned``: only those in no tag set (the tab's top level)."""
    found = _visible_tags(ctx)
    if orphaned:
        in_set = queries.visible(ctx, AnnotationAnnotationLink).filter(
            parent__ns=TAGSET_NS, child_id=OuterRef("pk")
        )
        found = found.exclude(Exists(in_set))
    return _marshal_page(ctx, found, params)


def tags_in_set(ctx: EventContext, params: ListParams) -> list[TagJson]:
    links = queries.visible(ctx, AnnotationAnnotationLink).filter(parent_id=params.parent_id)
    found = _visible_tags(ctx).filter(pk__in=links.values("child_id"))
    return _marshal_page(ctx, found, params)


def tagged(ctx: EventContext, params: ListParams) -> dict[str, list[Any]]:
    """What tag ``params.parent_id`` is on, by type, as the tree's containers and images."""
    on_tag: dict[str, Any] = {"annotation_links__child_id": params.parent_id}
    found = {
        "projects": queries.visible_projects(ctx).filter(**on_tag),
        "datasets": queries.visible_datasets(ctx).filter(**on_tag),
        "screens": queries.visible_screens(ctx).filter(**on_tag),
        "plates": queries.visible_plates(ctx).filter(**on_tag),
    }
    counts = {
        "projects": "dataset_links",
        "datasets": "image_links",
        "screens": "plate_links",
        "plates": "acquisitions",
    }
    result: dict[str, list[Any]] = {}
    for kind, objects in found.items():
        counted = objects.distinct().annotate(child_count=Count(counts[kind], distinct=True))
        result[kind] = [tree.marshal_container(ctx, o) for o in tree.page_of(counted, params)]
    images = queries.visible_images(ctx).filter(**on_tag).distinct()
    result["images"] = [tree.marshal_image(ctx, i) for i in tree.page_of(images, params)]
    runs = queries.visible_plate_acquisitions(ctx).filter(**on_tag).distinct().order_by("id")
    page = runs[params.offset : params.offset + params.limit]
    result["acquisitions"] = [tree.marshal_plate_acquisition(ctx, r) for r in page]
    wells = queries.visible_wells(ctx).filter(**on_tag).distinct().select_related("plate")
    page_of_wells = wells.order_by("row", "column", "id")[
        params.offset : params.offset + params.limit
    ]
    result["wells"] = [_marshal_well(ctx, w) for w in page_of_wells]
    return result


def _marshal_well(ctx: EventContext, well: Any) -> dict[str, Any]:
    """OMERO's ``_marshal_well``: ``name`` is ``<plate> - <row><column>``."""
    plate = well.plate
    row = plate_label(well.row, plate.row_naming_convention, "letter")
    column = plate_label(well.column, plate.column_naming_convention, "number")
    return {
        "id": well.pk,
        "ownerId": well.owner_id,
        "plateId": plate.pk,
        "permsCss": tree.perms_css(ctx, well),
        "name": f"{plate.name} - {row}{column}",
    }


def _visible_tags(ctx: EventContext) -> QuerySet[Annotation]:
    return queries.visible_annotations(ctx).filter(kind=AnnotationKind.TAG)


def _marshal_page(
    ctx: EventContext, found: QuerySet[Annotation], params: ListParams
) -> list[TagJson]:
    if params.experimenter_id != -1:
        found = found.filter(owner_id=params.experimenter_id)
    counted = found.annotate(
        tag_count=_count(
            AnnotationAnnotationLink.objects.filter(
                parent_id=OuterRef("pk"), child__kind=AnnotationKind.TAG
            ),
            "parent_id",
        ),
        object_count=_objects_tagged(),
    ).order_by("text_value", "id")
    return [_marshal_tag(ctx, t) for t in counted[params.offset : params.offset + params.limit]]


#: The objects the Tags tab opens a tag to (wells and tags are not counted).
TAGGED_TYPES = ("Project", "Dataset", "Image", "Screen", "Plate", "PlateAcquisition")


def _objects_tagged() -> Any:
    """How many objects a tag is on: distinct objects, so that a tag two users put on
    the same image counts it once (a count of links would say 2)."""
    total: Any = None
    for kind in TAGGED_TYPES:
        links = ANNOTATION_LINKS[kind].objects.filter(child_id=OuterRef("pk"))
        counted = links.order_by().values("child_id").annotate(n=Count("parent_id", distinct=True))
        one = Coalesce(Subquery(counted.values("n")[:1], output_field=IntegerField()), Value(0))
        total = one if total is None else total + one
    return total


def _count(links: QuerySet[Any], by: str) -> Coalesce:
    """A correlated COUNT of ``links`` grouped by ``by`` (0 when there are none)."""
    counted = links.order_by().values(by).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _marshal_tag(ctx: EventContext, tag: Any) -> TagJson:
    is_set = tag.ns == TAGSET_NS
    found: TagJson = {
        "id": tag.pk,
        "value": tag.text_value,
        "ownerId": tag.owner_id,
        "permsCss": tree.perms_css(ctx, tag),
        "set": is_set,
        "childCount": tag.tag_count if is_set else tag.object_count,
    }
    if tag.description:
        found["description"] = tag.description
    return found
