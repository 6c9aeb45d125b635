"""The activity log: each delete, move (chgrp) and change of owner (chown) leaves one
:class:`Activity` row, written by the action in its own transaction, so it is listed
exactly when the change happened (and not at all when the action was refused). Work
done in the background (a figure export) starts a running activity that its task
finishes, done or failed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from pyomero.model.actions._base import new, touch
from pyomero.model.context import EventContext
from pyomero.model.models import Activity, ActivityKind, ActivityStatus

# Names kept per activity; the rest is counted.
MAX_TARGETS = 50


def log_activity(
    ctx: EventContext,
    kind: ActivityKind,
    objects: Sequence[Any],
    *,
    group_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> Activity | None:
    """Record that ctx's user did ``kind`` to ``objects`` (nothing for no objects)."""
    if not objects:
        return None
    targets = [
        {"type": obj.omero_type, "id": obj.pk, "name": getattr(obj, "name", "") or ""}
        for obj in objects[:MAX_TARGETS]
    ]
    return new(
        Activity,
        ctx,
        group_id=group_id if group_id is not None else objects[0].group_id,
        kind=kind,
        targets=targets,
        detail={**(detail or {}), "count": len(objects)},
    )


def do_start_activity(
    ctx: EventContext, kind: ActivityKind, targets: list[dict[str, Any]], detail: dict[str, Any]
) -> Activity:
    """A running activity of ctx's that a background task finishes (an export)."""
    with transaction.atomic():
        return new(
            Activity,
            ctx,
            kind=kind,
            status=ActivityStatus.RUNNING,
            targets=targets[:MAX_TARGETS],
            detail=detail,
        )


def do_finish_activity(
    activity_id: int, *, result: dict[str, Any] | None = None, error: str = ""
) -> None:
    """Mark a running activity done (with what it made) or failed (with a message)."""
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity_id)
        if activity.status != ActivityStatus.RUNNING:
            return
        activity.status = ActivityStatus.FAILED if error else ActivityStatus.DONE
        activity.error = error
        activity.detail = {**activity.detail, **(result or {})}
        touch(activity, "status", "error", "detail")
