"""Who acts and in which group: OMERO's event context.

Every read and write of the model takes an :class:`EventContext`. Build one with
:func:`event_context`; it holds plain values (ids, names, privileges), so it is
cheap to pass around and safe to share between threads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection

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
    #: The groups among ``member_of_groups`` whose members read each other's data.
    readable_groups: frozenset[int] = frozenset()

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
            self.readable_groups,
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
    # Loaded with the user by find_experimenter (the sign-in backend), for one use; the
    # user may be request.user, a lazy proxy: attribute access reaches the instance.
    found = getattr(experimenter, _MEMBERSHIPS, None)
    if found is not None:
        delattr(experimenter, _MEMBERSHIPS)
    maps, system_ids = found if found is not None else _memberships(experimenter.pk)
    member_of = frozenset(gid for gid, _, _, _ in maps)
    is_admin = any(name == SYSTEM_GROUP for _, name, _, _ in maps)
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
        leader_of_groups=frozenset(gid for gid, _, owner, _ in maps if owner),
        is_admin=is_admin,
        admin_privileges=privileges,
        system_group_ids=system_ids,
        readable_groups=frozenset(gid for gid, _, _, reads in maps if reads),
    )
    return base.in_group(_group_id(experimenter, group))


#: SQL built once per database vendor: compiling an ORM query costs more than running
#: it, and these run for every request (the tile path included).
_SQL: dict[tuple[str, str], str] = {}
_converters: dict[str, list[tuple[Any, list[Any]]]] = {}


#: Where find_experimenter leaves the memberships it loaded with the user.
_MEMBERSHIPS = "_pyomero_memberships"


def _membership_sql(q: Any, first: str, padding: str) -> str:
    """The user's memberships (1, group id, name, leader, permissions) and the system
    groups (0, id, name, NULL, NULL), each row led by ``padding`` (the columns of a user
    row, or none)."""
    maps, groups = GroupExperimenterMap._meta.db_table, ExperimenterGroup._meta.db_table
    names = ", ".join(["%s"] * len(SYSTEM_GROUPS))
    return (
        f"{first}SELECT {padding}1, m.{q('parent_id')}, g.{q('name')}, m.{q('owner')}, "
        f"g.{q('permissions')} "
        f"FROM {q(maps)} m INNER JOIN {q(groups)} g ON g.{q('id')} = m.{q('parent_id')} "
        f"WHERE m.{q('child_id')} = %s "
        f"UNION ALL SELECT {padding}0, g.{q('id')}, g.{q('name')}, NULL, NULL "
        f"FROM {q(groups)} g WHERE g.{q('name')} IN ({names})"
    )


#: (group id, group name, is leader, group reads) of each membership; system group ids.
Memberships = tuple[list[tuple[int, str, bool, bool]], frozenset[int]]


def _split_memberships(rows: list[tuple[Any, ...]]) -> Memberships:
    maps = [
        (gid, name, bool(owner), permissions[2] == "r")
        for member, gid, name, owner, permissions in rows
        if member
    ]
    return maps, frozenset(gid for member, gid, _, _, _ in rows if not member)


def _memberships(user_id: int) -> Memberships:
    """(group id, group name, is leader, reads) of each membership of ``user_id``, and the ids
    of the system groups: one statement."""
    key = (connection.vendor, "memberships")
    sql = _SQL.get(key)
    if sql is None:
        sql = _SQL[key] = _membership_sql(connection.ops.quote_name, "", "")
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id, *SYSTEM_GROUPS])
        return _split_memberships(cursor.fetchall())


def find_experimenter(pk: object) -> Experimenter | None:
    """The Experimenter ``pk`` (None when missing), as ``Experimenter.objects.get`` would
    load it, and its memberships for the first :func:`event_context` of it: one
    statement, its SQL built once. The sign-in backend looks the user up on every
    request, and most requests then build the user's context."""
    try:
        user_id = int(pk)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
    fields = Experimenter._meta.concrete_fields
    key = (connection.vendor, "experimenter")
    sql = _SQL.get(key)
    if sql is None:
        q = connection.ops.quote_name
        columns = ", ".join(q(str(field.column)) for field in fields)
        table = q(Experimenter._meta.db_table)
        padding = "NULL, " * len(fields)
        sql = _SQL[key] = _membership_sql(
            q,
            f"SELECT {columns}, 2, NULL, NULL, NULL, NULL FROM {table} "
            f"WHERE {q('id')} = %s UNION ALL ",
            padding,
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id, user_id, *SYSTEM_GROUPS])
        rows = cursor.fetchall()
    width = len(fields)
    user_rows = [row for row in rows if row[width] == 2]
    if not user_rows:
        return None
    values = []
    for value, (column, functions) in zip(user_rows[0][:width], _user_converters(), strict=True):
        for function in functions:
            value = function(value, column, connection)
        values.append(value)
    user = Experimenter.from_db(connection.alias, [field.attname for field in fields], values)
    user.__dict__[_MEMBERSHIPS] = _split_memberships(
        [row[width:] for row in rows if row[width] != 2]
    )
    return user


def _user_converters() -> list[tuple[Any, list[Any]]]:
    """Per column of a user row: the ORM's converters from database values."""
    converters = _converters.get(connection.vendor)
    if converters is None:
        converters = _converters[connection.vendor] = []
        for field in Experimenter._meta.concrete_fields:
            column = field.get_col(Experimenter._meta.db_table)
            functions = connection.ops.get_db_converters(column)
            converters.append((column, functions + field.get_db_converters(connection)))
    return converters


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
