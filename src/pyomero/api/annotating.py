"""pyomero's extension: an annotation's JSON (omero-marshal's form) to the model's action.

``{"@id": N}`` links an existing annotation; otherwise ``@type`` says what to make:

- ``TagAnnotation``: ``Value`` (the text), ``Description``;
- ``CommentAnnotation``: ``Value``;
- ``MapAnnotation``: ``Value`` as ``[[key, value], ...]``, ``Namespace``
  (default: the client namespace OMERO.web uses for editable key-value pairs);
- ``LongAnnotation`` with the rating ``Namespace``: ``Value`` 1-5 sets the user's
  rating (replacing theirs), 0 removes it; other Long, Double, Boolean and
  Timestamp (ms since the epoch) annotations: ``Value``, ``Namespace``;
- ``FileAnnotation``: ``File`` as ``{"@id": <OriginalFile id>}``, ``Namespace``,
  ``Description`` (uploading the bytes is not part of the API yet).

Every write goes through ``model.actions``, which applies the group's rules.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pyomero.api.conf import SCHEMA_URL
from pyomero.api.errors import BadRequestError, MethodNotSupportedError
from pyomero.api.schema import Json
from pyomero.model.access import access_annotation, access_original_file
from pyomero.model.actions import (
    do_add_comment,
    do_add_file_annotation,
    do_add_map_annotation,
    do_add_tag,
    do_add_value_annotation,
    do_annotate,
    do_set_map_values,
    do_set_rating,
)
from pyomero.model.context import EventContext
from pyomero.model.models import CLIENT_MAP_NS, RATING_NS, Annotation, AnnotationKind
from pyomero.model.permissions import Action

VALUE_TYPES: dict[AnnotationKind, tuple[type, ...]] = {
    AnnotationKind.LONG: (int,),
    AnnotationKind.DOUBLE: (int, float),
    AnnotationKind.BOOLEAN: (bool,),
    AnnotationKind.TIMESTAMP: (int,),
}


def kind_of(body: Json) -> AnnotationKind:
    """The annotation class of ``@type`` (full schema URL or bare name)."""
    raw = body.get("@type")
    if not isinstance(raw, str):
        raise BadRequestError("Need to specify @type attribute")
    schema, _, name = raw.rpartition("#")
    if schema not in ("", SCHEMA_URL) or name not in AnnotationKind.values:
        raise BadRequestError(f"Unknown annotation type: {raw}")
    return AnnotationKind(name)


def text(body: Json, key: str, *, required: bool = False) -> str:
    value = body.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise BadRequestError(f"{key} must be a string")
    return value


def pairs(body: Json) -> list[tuple[str, str]]:
    value = body.get("Value", [])
    valid = isinstance(value, list) and all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(s, str) for s in p) for p in value
    )
    if not valid:
        raise BadRequestError("Value of a MapAnnotation must be a list of [key, value] strings")
    return [(key, val) for key, val in value]


def object_id(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadRequestError(f"{what} must be an integer")
    return value


def add_annotation(ctx: EventContext, obj: Any, body: Json) -> Annotation | None:
    """Put the annotation ``body`` describes on ``obj``; None when a rating was removed."""
    if "@id" in body:
        annotation = access_annotation(ctx, object_id(body["@id"], "@id"))
        do_annotate(ctx, obj, annotation)
        return annotation
    kind = kind_of(body)
    if kind == AnnotationKind.TAG:
        return do_add_tag(ctx, obj, text(body, "Value", required=True), text(body, "Description"))
    if kind == AnnotationKind.COMMENT:
        return do_add_comment(ctx, obj, text(body, "Value", required=True))
    if kind == AnnotationKind.MAP:
        return do_add_map_annotation(
            ctx, obj, pairs(body), text(body, "Namespace") or CLIENT_MAP_NS
        )
    if kind == AnnotationKind.FILE:
        file_id = body.get("File", {}).get("@id") if isinstance(body.get("File"), dict) else None
        file = access_original_file(ctx, object_id(file_id, "File.@id"))
        ns, description = text(body, "Namespace"), text(body, "Description")
        return do_add_file_annotation(ctx, obj, file, ns=ns, description=description)
    return add_value(ctx, obj, kind, body)


def add_value(ctx: EventContext, obj: Any, kind: AnnotationKind, body: Json) -> Annotation | None:
    value = body.get("Value")
    if not isinstance(value, VALUE_TYPES[kind]) or (
        kind != AnnotationKind.BOOLEAN and isinstance(value, bool)
    ):
        raise BadRequestError(f"Value of a {kind} must be a {VALUE_TYPES[kind][-1].__name__}")
    ns = text(body, "Namespace")
    if kind == AnnotationKind.LONG and ns == RATING_NS:
        return do_set_rating(ctx, obj, value)
    if kind == AnnotationKind.TIMESTAMP:
        try:
            value = datetime.fromtimestamp(value / 1000, tz=UTC)
        except (OverflowError, OSError, ValueError):
            raise BadRequestError(f"Value of a {kind} is out of range: {value}") from None
    return do_add_value_annotation(ctx, obj, kind, value, ns=ns)


def update_annotation(ctx: EventContext, annotation_id: int, body: Json) -> Annotation:
    """Replace the pairs of a map annotation (the only kind the API edits)."""
    annotation = access_annotation(ctx, annotation_id, Action.EDIT)
    if annotation.kind != AnnotationKind.MAP:
        raise MethodNotSupportedError(f"Update of {annotation.kind} not supported")
    do_set_map_values(ctx, annotation, pairs(body))
    return annotation
