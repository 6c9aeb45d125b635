"""The privilege checkboxes of OMERO's experimenter form and the privileges behind each."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pyomero.model.models import AdminPrivilege as P


@dataclass(frozen=True)
class Box:
    key: str
    label: str
    privileges: frozenset[P]


BOXES: tuple[Box, ...] = (
    Box("Sudo", "Sudo", frozenset({P.SUDO})),
    Box("WriteOwned", "Write Data", frozenset({P.WRITE_OWNED, P.WRITE_FILE, P.WRITE_MANAGED_REPO})),
    Box(
        "DeleteOwned",
        "Delete Data",
        frozenset({P.DELETE_OWNED, P.DELETE_FILE, P.DELETE_MANAGED_REPO}),
    ),
    Box("Chgrp", "Chgrp", frozenset({P.CHGRP})),
    Box("Chown", "Chown", frozenset({P.CHOWN})),
    Box("ModifyGroup", "Create and Edit Groups", frozenset({P.MODIFY_GROUP})),
    Box("ModifyUser", "Create and Edit Users", frozenset({P.MODIFY_USER})),
    Box("ModifyGroupMembership", "Add Users to Groups", frozenset({P.MODIFY_GROUP_MEMBERSHIP})),
    Box(
        "WriteScriptRepo", "Upload Scripts", frozenset({P.WRITE_SCRIPT_REPO, P.DELETE_SCRIPT_REPO})
    ),
)
BY_KEY = {box.key: box for box in BOXES}
CHOICES = [(box.key, box.label) for box in BOXES]


def privileges_of(keys: Iterable[str]) -> frozenset[P]:
    """The privileges of the ticked boxes."""
    found: frozenset[P] = frozenset()
    for key in keys:
        found |= BY_KEY[key].privileges
    return found


def boxes_of(privileges: Iterable[P]) -> list[str]:
    """The boxes shown ticked: those whose first privilege (the box's name) is held."""
    held = frozenset(privileges)
    return [box.key for box in BOXES if P(box.key) in held]


def keep_or_replace(current: frozenset[P], keys: list[str]) -> frozenset[P]:
    """``current`` when the form shows it unchanged, else the ticked boxes' privileges."""
    return current if sorted(boxes_of(current)) == sorted(keys) else privileges_of(keys)
