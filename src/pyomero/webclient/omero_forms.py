"""The use cases behind OMERO.web's annotation forms (``annotate_tags/``,
``annotate_map/``, ``annotate_comment/``, ``annotate_file/``), which name their objects
in the form (``image=1&dataset=2``) and answer JSON ids. Each is all or nothing; every
row is written by ``model.actions``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from pyomero.model.access import access_annotation
from pyomero.model.actions import (
    do_add_comment,
    do_add_map_annotation,
    do_add_tag,
    do_annotate,
    do_attach_files,
    do_delete,
    do_remove_annotation_link,
    do_set_map_values,
)
from pyomero.model.context import EventContext
from pyomero.model.errors import InputInvalidError, ObjectNotFoundError
from pyomero.model.models import (
    ANNOTATION_LINKS,
    CLIENT_MAP_NS,
    TAGSET_NS,
    Annotation,
    AnnotationKind,
)
from pyomero.model.queries import visible_annotations

#: Files offered by the attach-file form (OMERO's MAX_FILES_IN_FILE_ANNOTATION_DIALOG).
MAX_FILES = 200


def _annotation(ctx: EventContext, annotation_id: object, kind: AnnotationKind) -> Annotation:
    annotation = access_annotation(ctx, annotation_id)
    if annotation.kind != kind:
        raise ObjectNotFoundError(kind.value, annotation_id)
    return annotation


def _link_everywhere(ctx: EventContext, objects: Sequence[Any], annotation: Annotation) -> None:
    for obj in objects:
        do_annotate(ctx, obj, annotation)


def ids_of(text: str, name: str) -> list[int]:
    """``1,2,3`` -> [1, 2, 3] (an empty text: none)."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if any(not p.isdigit() for p in parts):
        raise InputInvalidError(f"{name} must be ids separated by commas")
    return list(dict.fromkeys(int(p) for p in parts))


def my_tags(ctx: EventContext, objects: Sequence[Any]) -> list[int]:
    """The tags ctx put on every one of ``objects`` (the right column of OMERO's dialog)."""
    common: set[int] | None = None
    for obj in objects:
        links = ANNOTATION_LINKS[obj.omero_type].objects.filter(
            parent_id=obj.pk, owner_id=ctx.user_id, child__kind=AnnotationKind.TAG
        )
        mine = set(links.values_list("child_id", flat=True))
        common = mine if common is None else common & mine
    return sorted(common or set())


def set_tags(
    ctx: EventContext,
    objects: Sequence[Any],
    tag_ids: list[int],
    new_tags: list[tuple[str, str, str]],
) -> dict[str, list[int]]:
    """Make ctx's tags on ``objects`` exactly ``tag_ids`` plus ``new_tags`` (text,
    description, tag set id): ``{"added", "removed", "new"}`` tag ids."""
    before = my_tags(ctx, objects)
    added = [t for t in tag_ids if t not in before]
    removed = [t for t in before if t not in tag_ids]
    created: list[int] = []
    with transaction.atomic():
        for tag_id in added:
            _link_everywhere(ctx, objects, _annotation(ctx, tag_id, AnnotationKind.TAG))
        for text, description, tagset in new_tags:
            tag = do_add_tag(ctx, objects[0], text, description)
            _link_everywhere(ctx, objects[1:], tag)
            if tagset:
                container = _annotation(ctx, tagset, AnnotationKind.TAG)
                if container.ns != TAGSET_NS:
                    raise ObjectNotFoundError("TagSet", tagset)
                do_annotate(ctx, container, tag)
            created.append(tag.pk)
        for tag_id in removed:
            for obj in objects:
                links = ANNOTATION_LINKS[obj.omero_type].objects.filter(
                    parent_id=obj.pk, child_id=tag_id, owner_id=ctx.user_id
                )
                for link in links:
                    do_remove_annotation_link(ctx, link)
    return {"added": added, "removed": removed, "new": created}


def parse_pairs(text: str | None) -> list[tuple[str, str]]:
    """``mapAnnotation``: a JSON list of ``[key, value]`` pairs."""
    try:
        data = json.loads(text or "")
    except ValueError:
        raise InputInvalidError("mapAnnotation must be a JSON list of [key, value]") from None
    ok = isinstance(data, list) and all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in data
    )
    if not ok:
        raise InputInvalidError("mapAnnotation must be a JSON list of [key, value]")
    return [(key, value) for key, value in data]


def save_map(
    ctx: EventContext,
    objects: Sequence[Any],
    pairs: list[tuple[str, str]],
    ns: str,
    annotation_ids: list[int],
) -> list[int] | None:
    """New pairs on ``objects`` (the client namespace: one map per object, else one
    map shared by all); with ``annotation_ids``, replace those maps' pairs (none left:
    delete them, answering None)."""
    with transaction.atomic():
        if annotation_ids:
            for annotation_id in annotation_ids:
                annotation = _annotation(ctx, annotation_id, AnnotationKind.MAP)
                if pairs:
                    do_set_map_values(ctx, annotation, pairs)
                else:
                    do_delete(ctx, annotation)
            return annotation_ids if pairs else None
        if not pairs:
            return []
        if not objects:
            raise InputInvalidError("Need to specify objects via e.g. image=1")
        if ns == CLIENT_MAP_NS:
            return [do_add_map_annotation(ctx, obj, pairs, ns).pk for obj in objects]
        shared = do_add_map_annotation(ctx, objects[0], pairs, ns)
        _link_everywhere(ctx, objects[1:], shared)
        return [shared.pk]


def add_comment(ctx: EventContext, objects: Sequence[Any], text: str) -> Annotation:
    """One comment on every object."""
    with transaction.atomic():
        comment = do_add_comment(ctx, objects[0], text)
        _link_everywhere(ctx, objects[1:], comment)
    return comment


def attach_files(
    ctx: EventContext,
    objects: Sequence[Any],
    existing: list[int],
    uploads: list[UploadedFile[bytes]],
) -> list[int]:
    """Link the file annotations ``existing`` and attach ``uploads`` to every object."""
    with transaction.atomic():
        for annotation_id in existing:
            _link_everywhere(ctx, objects, _annotation(ctx, annotation_id, AnnotationKind.FILE))
        made = do_attach_files(ctx, objects, uploads) if uploads else []
    return [*existing, *(a.pk for a in made)]


def attachable_files(ctx: EventContext, objects: Sequence[Any]) -> list[Annotation]:
    """File annotations of the objects' group ctx may attach, not on the first object."""
    first = objects[0]
    on_it = ANNOTATION_LINKS[first.omero_type].objects.filter(parent_id=first.pk)
    found = (
        visible_annotations(ctx)
        .filter(kind=AnnotationKind.FILE, group_id=first.group_id)
        .exclude(pk__in=on_it.values("child_id"))
        .select_related("file")
        .order_by("file__name", "pk")
    )
    return list(found[:MAX_FILES])
