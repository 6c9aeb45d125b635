"""Move to another group into a chosen container (OMERO.web's chgrp ``target_id``):
images into a dataset, datasets into a project, plates into a screen of the new group.

The move and the new links are one transaction: a refused link leaves nothing moved.
"""

from __future__ import annotations

from typing import Any, TypedDict

from django.db import transaction

from pyomero.model.actions import do_chgrp_many, do_link
from pyomero.model.context import EventContext
from pyomero.model.errors import InputInvalidError
from pyomero.model.models import ExperimenterGroup
from pyomero.model.permissions import Action, can, details_of
from pyomero.model.queries import visible_datasets, visible_projects, visible_screens
from pyomero.webclient.objects import access_by_type

#: What each type may go into: its parent's type.
PARENT = {"image": "dataset", "dataset": "project", "plate": "screen"}
#: At most this many containers are offered.
MAX_TARGETS = 500


class TargetJson(TypedDict):
    type: str
    id: int
    name: str


def parse_target(value: str) -> tuple[str, int] | None:
    """OMERO's ``target_id``: ``dataset-12`` (empty: none)."""
    if not value:
        return None
    c_type, _, c_id = value.partition("-")
    if c_type not in PARENT.values() or not c_id.isdigit():
        raise InputInvalidError(f"target_id={value!r} is not a dataset-, project- or screen-id")
    return c_type, int(c_id)


def targets_in(ctx: EventContext, group: ExperimenterGroup, child_type: str) -> list[TargetJson]:
    """The containers of ``group`` that ``child_type`` objects may be moved into."""
    parent = PARENT.get(child_type)
    if parent is None:
        return []
    there = ctx.in_group(group.pk)
    found = {"dataset": visible_datasets, "project": visible_projects, "screen": visible_screens}
    listed = found[parent](there).select_related("owner", "group").order_by("name", "id")
    return [
        {"type": parent, "id": c.pk, "name": c.name}
        for c in listed[:MAX_TARGETS]
        if can(there, Action.LINK, details_of(c))
    ]


def move_to_group(
    ctx: EventContext, objects: list[Any], group: ExperimenterGroup, target: tuple[str, int] | None
) -> None:
    """chgrp the objects; with ``target``, link each into it in the new group."""
    with transaction.atomic():
        do_chgrp_many(ctx, objects, group)
        if target is None:
            return
        there = ctx.in_group(group.pk)
        container = access_by_type(there, target[0], target[1], Action.LINK)
        if container.group_id != group.pk:
            raise InputInvalidError("the target is not in the group the objects move to")
        for obj in objects:
            if PARENT.get(obj.omero_type.lower()) != target[0]:
                raise InputInvalidError(f"a {obj.omero_type} does not go into a {target[0]}")
            obj.refresh_from_db()
            do_link(there, container, obj)
