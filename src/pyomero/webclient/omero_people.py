"""Groups and experimenters in OMERO.web's tree JSON (``marshal_groups``,
``marshal_experimenter``) and the groups a selection may move to (``load_chgrp_groups``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models.functions import Lower

from pyomero.model.access import access_experimenter
from pyomero.model.context import EventContext
from pyomero.model.models import Experimenter, ExperimenterGroup
from pyomero.model.permissions import group_annotates, group_reads, group_writes
from pyomero.model.queries import visible_experimenters, visible_groups

#: OMERO lists every group but ``user``, the group all users are in.
USER_GROUP = "user"


def group_json(group: ExperimenterGroup) -> dict[str, Any]:
    return {"id": group.pk, "name": group.name, "perm": group.permissions}


def experimenter_json(person: Experimenter) -> dict[str, Any]:
    return {
        "id": person.pk,
        "omeName": person.ome_name,
        "firstName": person.first_name,
        "lastName": person.last_name,
    }


def groups(ctx: EventContext, member_id: int = -1, page: int = 1, limit: int = 200) -> list[Any]:
    """The groups ctx sees (of ``member_id`` when not -1), by name; ``page`` 0: all."""
    found = visible_groups(ctx).exclude(name=USER_GROUP)
    if member_id != -1:
        found = found.filter(member_maps__child_id=member_id)
    found = found.order_by(Lower("name"), "pk").distinct()
    if page > 0:
        found = found[(page - 1) * limit : page * limit]
    return [group_json(g) for g in found]


def experimenter(ctx: EventContext, experimenter_id: int, everyone: str) -> dict[str, Any]:
    """One experimenter ctx sees; -1 is "everyone", labelled ``everyone``."""
    if experimenter_id < 0:
        return {"id": -1, "omeName": everyone, "firstName": everyone, "lastName": ""}
    return experimenter_json(access_experimenter(ctx, experimenter_id))


def chgrp_groups(ctx: EventContext, objects: Sequence[Any]) -> dict[str, Any]:
    """``{"owners": [[id, name]], "groups": [{"id", "name", "perms"}]}``: the groups
    every owner of ``objects`` is in (ctx's own when none), other than the one all the
    objects are in."""
    owner_ids = sorted({obj.owner_id for obj in objects}) or [ctx.user_id]
    current = {obj.group_id for obj in objects}
    people = (
        visible_experimenters(ctx).filter(pk__in=owner_ids).prefetch_related("group_maps__parent")
    )
    common: set[int] | None = None
    named: dict[int, ExperimenterGroup] = {}
    owners = []
    for person in people:
        owners.append([person.pk, person.get_full_name()])
        mine = set()
        for membership in person.group_maps.all():
            named[membership.parent_id] = membership.parent
            mine.add(membership.parent_id)
        common = mine if common is None else common & mine
    targets = [
        named[g]
        for g in common or set()
        if named[g].name != USER_GROUP and not (len(current) == 1 and g in current)
    ]
    targets = [g for g in targets if g.pk not in ctx.system_group_ids]
    return {
        "owners": owners,
        "groups": [
            {
                "id": g.pk,
                "name": g.name,
                "perms": {
                    "write": group_writes(g.permissions),
                    "annotate": group_annotates(g.permissions),
                    "read": group_reads(g.permissions),
                },
            }
            for g in sorted(targets, key=lambda g: g.name)
        ],
    }
