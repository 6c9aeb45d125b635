"""Helpers shared by the actions: new rows with details, touching, naming checks."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model
from django.utils import timezone

from pyomero.model.context import EventContext, require_group
from pyomero.model.errors import InputInvalidError

M = TypeVar("M", bound=Model)


def new(model: type[M], ctx: EventContext, group_id: int | None = None, **fields: Any) -> M:
    """Create a row owned by ctx's user in ``group_id`` (default: ctx's current group)."""
    now = timezone.now()
    return model._default_manager.create(
        owner_id=ctx.user_id,
        group_id=group_id if group_id is not None else require_group(ctx),
        created=now,
        updated=now,
        **fields,
    )


def new_like(model: type[M], parent: Any, **fields: Any) -> M:
    """Create a part of ``parent`` (a channel of pixels, a shape of a ROI): same details."""
    now = timezone.now()
    return model._default_manager.create(
        owner_id=parent.owner_id, group_id=parent.group_id, created=now, updated=now, **fields
    )


def touch(obj: Model, *fields: str) -> None:
    """Save ``fields`` of ``obj`` and its ``updated`` time."""
    obj.updated = timezone.now()  # type: ignore[attr-defined]
    obj.save(update_fields=[*fields, "updated"])


def clean_name(name: str, what: str = "name") -> str:
    name = (name or "").strip()
    if not name:
        raise InputInvalidError(f"{what} must not be empty")
    if len(name) > 255:
        raise InputInvalidError(f"{what} must be at most 255 characters")
    return name


def same_group(*objects: Any) -> None:
    """Links join objects of one group only, as in OMERO."""
    groups = {obj.group_id for obj in objects}
    if len(groups) > 1:
        raise InputInvalidError("objects in different groups cannot be linked")
