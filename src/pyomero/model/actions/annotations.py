"""Writes of annotations: tags and tag sets, comments, ratings, key-value pairs, files."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction

from pyomero.model.access import check
from pyomero.model.actions._base import new, same_group, touch
from pyomero.model.context import EventContext
from pyomero.model.errors import InputInvalidError
from pyomero.model.models import (
    ANNOTATION_LINKS,
    CLIENT_MAP_NS,
    PROXIES,
    RATING_NS,
    TAGSET_NS,
    Annotation,
    AnnotationKind,
    AnnotationLink,
    NamedValue,
    OriginalFile,
)
from pyomero.model.permissions import Action
from pyomero.model.values import check_instance

VALUE_FIELDS = {
    AnnotationKind.LONG: "long_value",
    AnnotationKind.DOUBLE: "double_value",
    AnnotationKind.BOOLEAN: "bool_value",
    AnnotationKind.TIMESTAMP: "time_value",
}


def _new_annotation(
    ctx: EventContext, kind: AnnotationKind, group_id: int | None = None, **fields: Any
) -> Annotation:
    annotation = new(Annotation, ctx, group_id=group_id, kind=kind.value, **fields)
    annotation.__class__ = PROXIES[kind.value]
    return annotation


def do_create_tag(ctx: EventContext, text: str, description: str = "", ns: str = "") -> Annotation:
    """A tag in ctx's group, not yet on anything."""
    if not text.strip():
        raise InputInvalidError("a tag needs text")
    with transaction.atomic():
        return _new_annotation(
            ctx, AnnotationKind.TAG, text_value=text.strip(), description=description, ns=ns
        )


def do_create_tagset(ctx: EventContext, text: str, description: str = "") -> Annotation:
    """A tag set: a tag with the tag-set namespace; put tags in it with :func:`do_annotate`."""
    return do_create_tag(ctx, text, description, ns=TAGSET_NS)


def do_annotate(ctx: EventContext, obj: Any, annotation: Annotation) -> AnnotationLink:
    """Link ``annotation`` to ``obj`` (a tag set to a tag: ``obj`` is the tag set).

    Needs the annotate permission on ``obj`` and on someone else's annotation.
    Linking twice returns ctx's existing link.
    """
    key = "Annotation" if isinstance(obj, Annotation) else obj.omero_type
    link_model = ANNOTATION_LINKS.get(key)
    if link_model is None:
        raise InputInvalidError(f"a {obj.omero_type} cannot be annotated")
    with transaction.atomic():
        check(ctx, Action.ANNOTATE, obj)
        check(ctx, Action.ANNOTATE, annotation)
        same_group(obj, annotation)
        existing = link_model._default_manager.filter(
            parent_id=obj.pk, child=annotation, owner_id=ctx.user_id
        ).first()
        if existing is not None:
            return existing
        return new(link_model, ctx, group_id=obj.group_id, parent=obj, child=annotation)


def _create_and_link(ctx: EventContext, obj: Any, kind: AnnotationKind, **fields: Any) -> Any:
    with transaction.atomic():
        check(ctx, Action.ANNOTATE, obj)
        annotation = _new_annotation(ctx, kind, group_id=obj.group_id, **fields)
        do_annotate(ctx, obj, annotation)
    return annotation


def do_add_tag(ctx: EventContext, obj: Any, text: str, description: str = "") -> Annotation:
    """Create a tag and put it on ``obj``."""
    if not text.strip():
        raise InputInvalidError("a tag needs text")
    return _create_and_link(  # type: ignore[no-any-return]
        ctx, obj, AnnotationKind.TAG, text_value=text.strip(), description=description
    )


def do_add_comment(ctx: EventContext, obj: Any, text: str) -> Annotation:
    if not text.strip():
        raise InputInvalidError("a comment needs text")
    return _create_and_link(ctx, obj, AnnotationKind.COMMENT, text_value=text)  # type: ignore[no-any-return]


def do_set_rating(ctx: EventContext, obj: Any, rating: int) -> Annotation | None:
    """Set ctx's rating (1-5) of ``obj``, replacing theirs; 0 removes it."""
    if not 0 <= rating <= 5:
        raise InputInvalidError("a rating is from 0 to 5")
    link_model = ANNOTATION_LINKS[obj.omero_type]
    with transaction.atomic():
        check(ctx, Action.ANNOTATE, obj)
        mine = link_model._default_manager.filter(
            parent_id=obj.pk,
            owner_id=ctx.user_id,
            child__kind=AnnotationKind.LONG,
            child__ns=RATING_NS,
        )
        old = list(mine.values_list("child_id", flat=True))
        mine.delete()
        Annotation.objects.filter(pk__in=old, owner_id=ctx.user_id).delete()
        if rating == 0:
            return None
        return _create_and_link(ctx, obj, AnnotationKind.LONG, long_value=rating, ns=RATING_NS)  # type: ignore[no-any-return]


def do_add_map_annotation(
    ctx: EventContext, obj: Any, pairs: Iterable[tuple[str, str]], ns: str = CLIENT_MAP_NS
) -> Annotation:
    """Key-value pairs on ``obj``, in order (keys may repeat, as in OMERO)."""
    with transaction.atomic():
        annotation: Annotation = _create_and_link(ctx, obj, AnnotationKind.MAP, ns=ns)
        _write_pairs(annotation, pairs)
    return annotation


def do_set_map_values(
    ctx: EventContext, annotation: Annotation, pairs: Iterable[tuple[str, str]]
) -> None:
    """Replace the pairs of a map annotation (edit permission on it)."""
    if annotation.kind != AnnotationKind.MAP:
        raise InputInvalidError("not a map annotation")
    with transaction.atomic():
        check(ctx, Action.EDIT, annotation)
        annotation.map_values.all().delete()
        _write_pairs(annotation, pairs)
        touch(annotation)


def _write_pairs(annotation: Annotation, pairs: Iterable[tuple[str, str]]) -> None:
    rows = [
        NamedValue(annotation=annotation, index=i, name=str(k), value=str(v))
        for i, (k, v) in enumerate(pairs)
    ]
    if any(not row.name for row in rows):
        raise InputInvalidError("a key must not be empty")
    for row in rows:  # bulk_create sends no pre_save
        check_instance(row)
    NamedValue.objects.bulk_create(rows)


def do_add_file_annotation(
    ctx: EventContext, obj: Any, file: OriginalFile, ns: str = "", description: str = ""
) -> Annotation:
    """Attach an original file to ``obj``."""
    with transaction.atomic():
        check(ctx, Action.ANNOTATE, obj)
        check(ctx, Action.VIEW, file)
        same_group(obj, file)
        return _create_and_link(  # type: ignore[no-any-return]
            ctx, obj, AnnotationKind.FILE, file=file, ns=ns, description=description
        )


def do_add_value_annotation(
    ctx: EventContext,
    obj: Any,
    kind: AnnotationKind,
    value: int | float | bool | datetime,
    ns: str = "",
) -> Annotation:
    """A Long, Double, Boolean or Timestamp annotation on ``obj``."""
    field = VALUE_FIELDS.get(kind)
    if field is None:
        raise InputInvalidError(f"{kind} is not a value annotation")
    return _create_and_link(ctx, obj, kind, ns=ns, **{field: value})  # type: ignore[no-any-return]


def do_remove_annotation_link(ctx: EventContext, link: AnnotationLink) -> None:
    """Take an annotation off an object (delete permission on the link)."""
    with transaction.atomic():
        check(ctx, Action.DELETE, link)
        link.delete()


def do_update_annotation(
    ctx: EventContext,
    annotation: Annotation,
    *,
    text: str | None = None,
    description: str | None = None,
) -> None:
    """Change a tag's (or comment's) text, or an annotation's description (edit
    permission on it); fields not given are left as they are."""
    fields = []
    if text is not None:
        if annotation.kind not in (AnnotationKind.TAG, AnnotationKind.COMMENT):
            raise InputInvalidError(f"a {annotation.kind} has no text")
        if not text.strip():
            raise InputInvalidError("the text must not be empty")
        annotation.text_value = text.strip()
        fields.append("text_value")
    if description is not None:
        annotation.description = description
        fields.append("description")
    if not fields:
        return
    with transaction.atomic():
        check(ctx, Action.EDIT, annotation)
        touch(annotation, *fields)
