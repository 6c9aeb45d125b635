"""Who acts and in which group: OMERO's event context.

Every read and write of the model takes an :class:`EventContext`. Build one with
:func:`event_context`; it holds plain values (ids, names, privileges), so it is
cheap to pass around and safe to share between threads.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyomero.model.errors import InputInvalidError, ObjectNotFoundError
from pyomero.model.models import (
    SYSTEM_GROUP,
    SYSTEM_GROUPS,
    AdminPrivilege,
    Experimenter,
    ExperimenterGroup,
    GroupExperimenterMap,
)

ALL_GROUPS = -1  # OMERO's group id meaning "all my groups"


@dataclass(frozen=True)
class EventContext:
    """The acting user, the current group (``None``: all my groups) and their roles."""

    user_id: int
    user_name: str
    group_id: int | None
    member_of_groups: frozenset[int]
    leader_of_groups: frozenset[int]
    is_admin: bool
    admin_privileges: frozenset[AdminPrivilege]
    system_group_ids: frozenset[int] = frozenset()

    @property
    def is_full_admin(self) -> bool:
        return self.is_admin and self.admin_privileges == frozenset(AdminPrivilege)

    def has_privilege(self, privilege: AdminPrivilege) -> bool:
        """True for an administrator holding ``privilege`` (full admins hold all)."""
        return self.is_admin and privilege in self.admin_privileges

    @property
    def data_groups(self) -> frozenset[int]:
        """The groups the user is a member of, less ``system``, ``user`` and ``guest``."""
        return self.member_of_groups - self.system_group_ids

    def in_group(self, group_id: int | None) -> EventContext:
        """The same user acting in another group (or in all groups with ``None``)."""
        _check_group(self, group_id)
        return EventContext(
            self.user_id,
            self.user_name,
            group_id,
            self.member_of_groups,
            self.leader_of_groups,
            self.is_admin,
            self.admin_privileges,
            self.system_group_ids,
        )


def event_context(
    user: Experimenter | int | str, group: ExperimenterGroup | int | str | None = None
) -> EventContext:
    """The context of ``user`` (instance, id or login) acting in ``group``.

    ``group`` is a group, its id or name, :data:`ALL_GROUPS`, or ``None`` for the
    user's default group. A user may act only in groups they belong to; an
    administrator may act in any group.
    """
    experimenter = _experimenter(user)
    maps = list(
        GroupExperimenterMap.objects.filter(child=experimenter).values_list(
            "parent_id", "parent__name", "owner"
        )
    )
    member_of = frozenset(gid for gid, _, _ in maps)
    system_ids = frozenset(
        ExperimenterGroup.objects.filter(name__in=SYSTEM_GROUPS).values_list("id", flat=True)
    )
    is_admin = any(name == SYSTEM_GROUP for _, name, _ in maps)
    if not is_admin:
        privileges: frozenset[AdminPrivilege] = frozenset()
    elif experimenter.admin_privileges is None:
        privileges = frozenset(AdminPrivilege)
    else:
        privileges = frozenset(AdminPrivilege(p) for p in experimenter.admin_privileges)
    base = EventContext(
        user_id=experimenter.pk,
        user_name=experimenter.ome_name,
        group_id=None,
        member_of_groups=member_of,
        leader_of_groups=frozenset(gid for gid, _, owner in maps if owner),
        is_admin=is_admin,
        admin_privileges=privileges,
        system_group_ids=system_ids,
    )
    return base.in_group(_group_id(experimenter, group))


def _experimenter(user: Experimenter | int | str) -> Experimenter:
    if isinstance(user, Experimenter):
        return user
    lookup = {"pk": user} if isinstance(user, int) else {"ome_name": user}
    try:
        return Experimenter.objects.get(**lookup)
    except Experimenter.DoesNotExist:
        raise ObjectNotFoundError("Experimenter", user) from None


def _group_id(
    experimenter: Experimenter, group: ExperimenterGroup | int | str | None
) -> int | None:
    if group is None:
        return experimenter.default_group_id
    if isinstance(group, ExperimenterGroup):
        return group.pk
    if isinstance(group, int):
        return None if group == ALL_GROUPS else group
    if group.lstrip("-").isdigit():
        return _group_id(experimenter, int(group))
    found = ExperimenterGroup.objects.filter(name=group).values_list("id", flat=True).first()
    if found is None:
        raise ObjectNotFoundError("ExperimenterGroup", group)
    return found


def _check_group(ctx: EventContext, group_id: int | None) -> None:
    if group_id is None or group_id in ctx.member_of_groups:
        return
    if not ctx.is_admin:
        raise ObjectNotFoundError("ExperimenterGroup", group_id)
    if not ExperimenterGroup.objects.filter(pk=group_id).exists():
        raise ObjectNotFoundError("ExperimenterGroup", group_id)


def require_group(ctx: EventContext) -> int:
    """The group new objects go into: the current one, which must be set."""
    if ctx.group_id is None:
        raise InputInvalidError("choose a group: new data cannot go into 'all groups'")
    return ctx.group_id
