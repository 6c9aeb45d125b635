"""The audit trail: every administrative action records who changed what, and how.

An action wraps its writes in :func:`audited`: the target's snapshot is taken
before and after, and one :class:`AuditEntry` is written in the same transaction
when something changed. Nested actions (an edit that adds memberships and sets a
default group) leave one entry, the outermost one's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from pyomero.model.context import EventContext
from pyomero.model.models import (
    SYSTEM_GROUP,
    USER_GROUP,
    Experimenter,
    ExperimenterGroup,
    GroupExperimenterMap,
)
from pyomero.model.models.audit import AuditEntry

_inside: ContextVar[bool] = ContextVar("pyomero_audit_inside", default=False)


@dataclass
class Change:
    """What an audited block changes; ``target`` may be set inside (a new object)."""

    target: Experimenter | ExperimenterGroup | None
    note: dict[str, Any] = field(default_factory=dict)


def role_of(experimenter: Experimenter, groups: set[str] | None = None) -> str:
    """``user``, ``administrator`` or ``restricted administrator``."""
    names = groups if groups is not None else _group_names(experimenter)
    if SYSTEM_GROUP not in names:
        return "user"
    return "administrator" if experimenter.admin_privileges is None else "restricted administrator"


def snapshot(target: Experimenter | ExperimenterGroup | None) -> dict[str, Any]:
    """The audited fields of a user or a group, as JSON values."""
    if target is None:
        return {}
    if isinstance(target, ExperimenterGroup):
        return _group_snapshot(target)
    return _experimenter_snapshot(target)


def _group_names(experimenter: Experimenter) -> set[str]:
    return set(
        GroupExperimenterMap.objects.filter(child=experimenter).values_list(
            "parent__name", flat=True
        )
    )


def _experimenter_snapshot(target: Experimenter) -> dict[str, Any]:
    experimenter = Experimenter.objects.select_related("default_group").get(pk=target.pk)
    maps = GroupExperimenterMap.objects.filter(child=experimenter).values_list(
        "parent__name", "owner"
    )
    names = {name for name, _ in maps}
    default = experimenter.default_group
    return {
        "ome_name": experimenter.ome_name,
        "first_name": experimenter.first_name,
        "middle_name": experimenter.middle_name,
        "last_name": experimenter.last_name,
        "email": experimenter.email,
        "institution": experimenter.institution,
        "active": experimenter.is_active,
        "ldap_dn": experimenter.ldap_dn if experimenter.ldap else None,
        "role": role_of(experimenter, names),
        "privileges": (
            sorted(experimenter.admin_privileges)
            if experimenter.admin_privileges is not None and SYSTEM_GROUP in names
            else None
        ),
        "default_group": default.name if default is not None else None,
        "groups": sorted(names - {SYSTEM_GROUP, USER_GROUP}),
        "owner_of": sorted(name for name, owner in maps if owner),
    }


def _group_snapshot(target: ExperimenterGroup) -> dict[str, Any]:
    group = ExperimenterGroup.objects.get(pk=target.pk)
    maps = GroupExperimenterMap.objects.filter(parent=group).values_list("child__ome_name", "owner")
    return {
        "name": group.name,
        "description": group.description,
        "permissions": group.level.label,
        "owners": sorted(name for name, owner in maps if owner),
        "members": sorted(name for name, _ in maps),
    }


@contextmanager
def audited(
    ctx: EventContext | None,
    action: str,
    target: Experimenter | ExperimenterGroup | None = None,
    *,
    always: bool = False,
) -> Iterator[Change]:
    """Run the block in one transaction and record it (``always``: even when the
    snapshots agree, as for a password, which no snapshot shows)."""
    change = Change(target)
    if _inside.get():
        yield change
        return
    token = _inside.set(True)
    try:
        with transaction.atomic():
            before = snapshot(target)
            yield change
            after = snapshot(change.target)
            if before != after or always or change.note:
                record(ctx, action, change.target, before, {**after, **change.note})
    finally:
        _inside.reset(token)


def record(
    ctx: EventContext | None,
    action: str,
    target: Experimenter | ExperimenterGroup | None,
    before: dict[str, Any],
    after: dict[str, Any],
) -> AuditEntry:
    """Write one entry (``ctx`` ``None``: the system itself, e.g. a bootstrap)."""
    name = ""
    if isinstance(target, ExperimenterGroup):
        name = target.name
    elif isinstance(target, Experimenter):
        name = target.ome_name
    return AuditEntry.objects.create(
        actor_id=ctx.user_id if ctx is not None else None,
        actor_name=ctx.user_name if ctx is not None else "system",
        action=action,
        target_type=target.omero_type if target is not None else "",
        target_id=target.pk if target is not None else None,
        target_name=name,
        before=before,
        after=after,
    )
