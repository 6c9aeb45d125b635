"""Delete, move to another group (chgrp) and give away (chown) a selection, as JSON.

OMERO.web's paths: ``deletemany/`` (``child``: with contents, ``anns``: with tags and
attachments), ``chgrp/`` (``group_id``, optional ``target_id`` ``dataset-12``: the
container to link them into there), ``chown/`` (``owner_id``), and
``fileset_check/<action>/`` which names the filesets the action would split, so the
page can warn before anything is tried. Objects are given as ``image=1,2&dataset=3``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from pyomero.model.access import access_experimenter, access_group
from pyomero.model.actions import do_chown_many, do_delete_many, fileset_splits
from pyomero.model.context import ALL_GROUPS, event_context
from pyomero.model.errors import InputInvalidError, ObjectNotFoundError
from pyomero.model.permissions import Action
from pyomero.webclient import omero_containers
from pyomero.webclient.moving import targets_in
from pyomero.webclient.omero_targets import lower_case_types
from pyomero.webclient.session import context
from pyomero.webclient.summary import summarise
from pyomero.webclient.targets import Targets
from pyomero.webclient.views._common import allow, json_view

ACTIONS = {"delete": Action.DELETE, "chgrp": Action.CHGRP, "chown": Action.CHOWN}


def flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.lower() in ("on", "true", "1", "yes")


def _id(request: HttpRequest, name: str) -> int:
    value = request.POST.get(name, "")
    if not value.isdigit():
        raise InputInvalidError(f"{name} must be an id")
    return int(value)


@allow("GET")
@json_view
def fileset_check(request: HttpRequest, action: str) -> dict[str, Any]:
    """``{"splits": [{"filesetId", "selected": [image ids], "left": [image ids]}]}``."""
    if action not in ACTIONS:
        raise ObjectNotFoundError("action", action)
    ctx = context(request)
    objects = Targets.parse(request.GET).fetch(ctx)
    children = flag(request.GET.get("child"), True)
    return {"splits": fileset_splits(ctx, objects, ACTIONS[action], children=children)}


@allow("POST")
@json_view
def deletemany(request: HttpRequest) -> dict[str, Any]:
    ctx, targets = context(request), Targets.parse(request.POST)
    do_delete_many(
        ctx,
        targets.fetch(ctx, Action.DELETE),
        children=flag(request.POST.get("child"), True),
        annotations=flag(request.POST.get("anns"), False),
    )
    return {"deleted": targets.by_type()}


@allow("POST")
@json_view
def chgrp(request: HttpRequest) -> dict[str, Any]:
    """Objects as ``dataset=1,2`` or as OMERO's dialog sends them, ``Dataset=1,2``; into
    ``target_id`` (``project-12``) or a new ``new_container_type`` named
    ``new_container_name`` in the new group. Answers OMERO's ``update`` too."""
    # across the user's groups, as OMERO's dialog moves data of any of them
    ctx = event_context(request.user, ALL_GROUPS)  # type: ignore[arg-type]
    targets = Targets.parse(lower_case_types(request.POST))
    objects = targets.fetch(ctx, Action.CHGRP)
    group = access_group(ctx, _id(request, "group_id"))
    placed = omero_containers.chgrp_into(
        ctx,
        objects,
        group,
        target=request.POST.get("target_id", ""),
        new_name=request.POST.get("new_container_name", ""),
        new_type=request.POST.get("new_container_type", ""),
    )
    return {"moved": targets.by_type(), "group_id": group.pk, **placed}


@allow("GET")
@json_view
def chgrp_targets(request: HttpRequest) -> dict[str, Any]:
    """``?group_id=3&type=image``: ``{"targets": [{"type", "id", "name"}]}``, the
    containers of that group the objects may be moved into."""
    ctx = context(request)
    group_id = request.GET.get("group_id", "")
    if not group_id.isdigit():
        raise InputInvalidError("group_id must be an id")
    group = access_group(ctx, int(group_id))
    return {"targets": targets_in(ctx, group, request.GET.get("type", ""))}


@allow("POST")
@json_view
def chown(request: HttpRequest) -> dict[str, Any]:
    ctx, targets = context(request), Targets.parse(request.POST)
    objects = targets.fetch(ctx, Action.CHOWN)
    owner = access_experimenter(ctx, _id(request, "owner_id"))
    do_chown_many(ctx, objects, owner)
    return {"given": targets.by_type(), "owner_id": owner.pk}


@allow("GET")
@json_view
def action_summary(request: HttpRequest) -> dict[str, Any]:
    """``?image=1,2&dataset=3``: ``{"objects": [{"type", "id", "name", "children",
    "childType", "annotations"}]}`` for the Delete and Move dialogs."""
    ctx, targets = context(request), Targets.parse(request.GET)
    return {"objects": summarise(ctx, targets.keys, targets.fetch(ctx))}
