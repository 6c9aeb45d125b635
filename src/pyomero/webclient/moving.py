"""The containers offered by the Move dialog: where objects may go in another group
(images into a dataset, datasets into a project, plates into a screen), for OMERO's
chgrp ``target_id`` (``omero_containers.chgrp_into`` moves and links)."""

from __future__ import annotations

from typing import TypedDict

from pyomero.model.context import EventContext
from pyomero.model.models import ExperimenterGroup
from pyomero.model.permissions import Action, can, details_of
from pyomero.model.queries import visible_datasets, visible_projects, visible_screens

#: What each type may go into: its parent's type.
PARENT = {"image": "dataset", "dataset": "project", "plate": "screen"}
#: At most this many containers are offered.
MAX_TARGETS = 500


class TargetJson(TypedDict):
    type: str
    id: int
    name: str


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
