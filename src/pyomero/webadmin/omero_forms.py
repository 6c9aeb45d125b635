"""OMERO.webadmin's form fields, read as pyomero's forms name them: scripts and
tests post OMERO's names (``omename``, ``other_groups``, ``role=restricted_administrator``,
one ``Sudo=on`` field per privilege, ``permissions=0..3``)."""

from __future__ import annotations

from django.http import QueryDict

from pyomero.model.actions.accounts import Role
from pyomero.model.models import Permissions
from pyomero.webadmin import privileges

#: OMERO's ``role`` values -> pyomero's.
ROLES = {
    "user": Role.USER,
    "administrator": Role.ADMIN,
    "restricted_administrator": Role.RESTRICTED_ADMIN,
}
#: OMERO's ``permissions`` choice (0 private ... 3 read-write) -> pyomero's level names.
LEVELS = {str(i): level.label for i, level in enumerate(Permissions)}


def experimenter_form(data: QueryDict) -> QueryDict:
    """OMERO's experimenter form as :class:`~pyomero.webadmin.forms.ExperimenterForm`'s."""
    found = data.copy()
    if "omename" in data and "ome_name" not in data:
        found["ome_name"] = str(data.get("omename", ""))
    if "other_groups" in data and "groups" not in data:
        found.setlist("groups", data.getlist("other_groups"))
    role = str(data.get("role", ""))
    if role in ROLES:
        found["role"] = str(ROLES[role])
    ticked = [box.key for box in privileges.BOXES if data.get(box.key) in ("on", "true", "1")]
    if ticked and "privileges" not in data:
        found.setlist("privileges", ticked)
    return found


def group_form(data: QueryDict) -> QueryDict:
    """OMERO's group form as :class:`~pyomero.webadmin.forms.GroupForm`'s."""
    found = data.copy()
    level = str(data.get("permissions", ""))
    if level in LEVELS:
        found["permissions"] = str(LEVELS[level])
    return found
