"""A viewer's ROI edits saved at once: new shapes, changed shapes, deleted shapes and
deleted ROIs of one image, all in one transaction (nothing is written when any is
refused).

Each edit carries the client's id for the shape (``"<roi>:<shape>"``, negative for
shapes drawn since the last save); the answer maps each to the saved id.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from pyomero.model.access import access_roi, access_shape, check
from pyomero.model.actions._base import new
from pyomero.model.actions.rois import SHAPE_FIELDS
from pyomero.model.context import EventContext
from pyomero.model.errors import InputInvalidError, ObjectNotFoundError
from pyomero.model.models import Image, Roi, Shape, ShapeKind
from pyomero.model.permissions import Action


@dataclass(frozen=True)
class NewShape:
    """A shape to add: to the saved ROI ``roi_id``, or to a new ROI shared by the new
    shapes of the same ``roi_group`` (each shape its own ROI when both are empty)."""

    client_id: str
    fields: dict[str, Any]
    roi_id: int | None = None
    roi_group: str = ""


@dataclass(frozen=True)
class ChangedShape:
    client_id: str
    shape_id: int
    fields: dict[str, Any]


@dataclass(frozen=True)
class RoiEdits:
    """What to save; ``deleted_rois`` maps a ROI id to the client ids of its shapes."""

    new: list[NewShape] = field(default_factory=list)
    changed: list[ChangedShape] = field(default_factory=list)
    deleted_shapes: dict[str, int] = field(default_factory=dict)
    deleted_rois: dict[int, list[str]] = field(default_factory=dict)


def _value_error(name: str, value: Any) -> str:
    """Why ``value`` cannot be stored in the shape field ``name``, or ""."""
    column = Shape._meta.get_field(name)
    if value is None:
        return "" if column.null else f"{name} may not be null"
    if isinstance(column, models.BooleanField):
        return "" if isinstance(value, bool) else f"{name} must be true or false, not {value!r}"
    if isinstance(column, models.BinaryField):
        return "" if isinstance(value, bytes) else f"{name} must be bytes"
    if isinstance(column, models.CharField | models.TextField):
        return "" if isinstance(value, str) else f"{name} must be text, not {value!r}"
    if isinstance(value, bool):
        return f"{name} must be a number, not {value!r}"
    if isinstance(column, models.PositiveIntegerField):
        if not isinstance(value, int) or value < 0:
            return f"{name} must be a whole number of 0 or more, not {value!r}"
    elif isinstance(column, models.IntegerField):
        if not isinstance(value, int):
            return f"{name} must be a whole number, not {value!r}"
    elif not isinstance(value, int | float) or not math.isfinite(value):
        return f"{name} must be a number, not {value!r}"
    return ""


def _check_fields(fields: dict[str, Any], *, kind_required: bool) -> None:
    """Known shape fields, each with a value its column can hold."""
    unknown = set(fields) - SHAPE_FIELDS
    if unknown:
        raise InputInvalidError(f"unknown shape field(s): {', '.join(sorted(unknown))}")
    if (kind_required or "kind" in fields) and fields.get("kind") not in ShapeKind.values:
        raise InputInvalidError(f"unknown shape kind {fields.get('kind')!r}")
    for name, value in fields.items():
        problem = _value_error(name, value)
        if problem:
            raise InputInvalidError(f"Shape field {problem}")


def _on_image(obj: Roi | Shape, image: Image) -> None:
    roi = obj if isinstance(obj, Roi) else obj.roi
    if roi.image_id != image.pk:
        raise ObjectNotFoundError(obj.omero_type, obj.pk)


def do_save_roi_edits(ctx: EventContext, image: Image, edits: RoiEdits) -> dict[str, str]:
    """Apply ``edits`` to the ROIs of ``image``: client id -> saved ``"<roi>:<shape>"``.

    New shapes make new ROIs (annotate permission on the image), one per shape or one
    per ``roi_group``, or join a saved ROI (edit permission on it), as a shape
    propagated to other planes does in OMERO; changing a shape needs the edit
    permission on it, deleting a shape or a ROI the delete one.
    A shape or ROI of another image, or one ctx cannot see, is a 404; a value a shape
    field cannot hold is an :class:`InputInvalidError` (400) and nothing is saved.
    Deleting the last shape of a ROI deletes the ROI.
    """
    for added in edits.new:
        _check_fields(added.fields, kind_required=True)
    for changed in edits.changed:
        _check_fields(changed.fields, kind_required=False)
    saved: dict[str, str] = {}
    with transaction.atomic():
        if edits.new:
            check(ctx, Action.ANNOTATE, image)
        grouped: dict[str, Roi] = {}
        for added in edits.new:
            if added.roi_id is not None:
                roi = access_roi(ctx, added.roi_id, Action.EDIT)
                _on_image(roi, image)
            elif added.roi_group in grouped:
                roi = grouped[added.roi_group]
            else:
                roi = new(Roi, ctx, group_id=image.group_id, image=image)
                if added.roi_group:
                    grouped[added.roi_group] = roi
            shape = new(Shape, ctx, group_id=image.group_id, roi=roi, **added.fields)
            saved[added.client_id] = f"{roi.pk}:{shape.pk}"
        for changed in edits.changed:
            shape = access_shape(ctx, changed.shape_id, Action.EDIT)
            _on_image(shape, image)
            if changed.fields.get("kind", shape.kind) != shape.kind:
                raise InputInvalidError(f"Shape {shape.pk} is a {shape.kind}")
            for name, value in changed.fields.items():
                setattr(shape, name, value)
            shape.updated = timezone.now()
            shape.save(update_fields=[*changed.fields, "updated"])
            saved[changed.client_id] = changed.client_id
        emptied: set[int] = set()
        for client_id, shape_id in edits.deleted_shapes.items():
            shape = access_shape(ctx, shape_id, Action.DELETE)
            _on_image(shape, image)
            emptied.add(shape.roi_id)  # type: ignore[attr-defined]
            shape.delete()
            saved[client_id] = client_id
        # A ROI without shapes is no ROI: as in OMERO, its last shape takes it along.
        emptied -= set(edits.deleted_rois)
        for empty in Roi.objects.filter(pk__in=emptied).exclude(shapes__isnull=False):
            empty.delete()
        for roi_id, client_ids in edits.deleted_rois.items():
            roi = access_roi(ctx, roi_id, Action.DELETE)
            _on_image(roi, image)
            roi.delete()
            saved.update({client_id: client_id for client_id in client_ids})
    return saved
