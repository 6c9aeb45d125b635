"""The objects of OMERO.web's annotation forms and ``api/annotations/``:
``image=1&image=2``, ``dataset=3,4``, ``well=5`` (wells too, unlike :class:`Targets`)."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

from pyomero.model.access import access_well
from pyomero.model.context import EventContext
from pyomero.model.errors import InputInvalidError
from pyomero.model.permissions import Action
from pyomero.webclient.annotations_json import PARENTS
from pyomero.webclient.objects import access_by_type
from pyomero.webclient.targets import MAX_TARGETS


def wanted_ids(data: QueryDict) -> dict[str, list[int]]:
    """Parameter -> ids, in OMERO's order of types; repeated or comma-separated."""
    found: dict[str, list[int]] = {}
    for parameter in PARENTS:
        for value in data.getlist(parameter):
            for part in value.split(","):
                part = part.strip()
                if not part:
                    continue
                if not part.isdigit():
                    raise InputInvalidError(f"{parameter}={part!r} is not an id")
                if int(part) not in found.setdefault(parameter, []):
                    found[parameter].append(int(part))
    if sum(len(ids) for ids in found.values()) > MAX_TARGETS:
        raise InputInvalidError(f"at most {MAX_TARGETS} objects at a time")
    return {k: v for k, v in found.items() if v}


def fetch_objects(ctx: EventContext, data: QueryDict, action: Action = Action.VIEW) -> list[Any]:
    """Every object named, checked for ``action``: 404 or 403 before anything is done."""
    wanted = wanted_ids(data)
    if not wanted:
        raise InputInvalidError("Need to specify objects via e.g. ?image=1")
    objects = []
    for parameter, ids in wanted.items():
        for object_id in ids:
            if parameter == "well":
                objects.append(access_well(ctx, object_id, action))
            else:
                objects.append(access_by_type(ctx, parameter, object_id, action))
    return objects


#: OMERO.web's chgrp and chown dialogs name objects by class: ``Dataset=1,2&Image=3``.
CLASS_NAMES = {
    "Project": "project",
    "Dataset": "dataset",
    "Image": "image",
    "Screen": "screen",
    "Plate": "plate",
}


def lower_case_types(data: QueryDict) -> QueryDict:
    """``data`` with ``Dataset=1`` also as ``dataset=1``, as OMERO's dialogs send them."""
    if not any(name in data for name in CLASS_NAMES):
        return data
    found = data.copy()
    for name, parameter in CLASS_NAMES.items():
        for value in data.getlist(name):
            found.appendlist(parameter, value)
    return found
