"""The activity log: each delete, move (chgrp) and change of owner (chown) leaves one
:class:`Activity` row, written by the action in its own transaction, so it is listed
exactly when the change happened (and not at all when the action was refused)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pyomero.model.actions._base import new
from pyomero.model.context import EventContext
from pyomero.model.models import Activity, ActivityKind

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
