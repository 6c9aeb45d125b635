"""The one permission policy: what an event context may do with an object.

OMERO's rules. An object's permissions are its group's: ``rw----`` private,
``rwr---`` read-only, ``rwra--`` read-annotate, ``rwrw--`` read-write. For someone
else's data in that group:

- a member may view it when the group reads (``r``), annotate it when the group
  annotates (``a`` or ``w``), and edit, delete or link it when the group writes;
- a group owner, and an administrator, may view, edit, delete and chown anything,
  and annotate or link it unless the group is private; only administrators chgrp.

Everyone may do everything with their own data except chown. A restricted
administrator acts as an administrator only where they hold the privilege for the
action (``WriteOwned`` to edit, ``DeleteOwned`` to delete, ``Chgrp``, ``Chown``;
``WriteFile``/``DeleteFile`` for files); elsewhere they are a normal user.

:func:`can` answers for one object, :func:`visible_q` is the same "view" rule as a
query filter, :func:`permissions_of` reports OMERO's ``canEdit``, ``canAnnotate``,
... flags. The account rules (who may create users, change a group, ...) are at
the end of this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Q

from pyomero.model.context import EventContext
from pyomero.model.models import AdminPrivilege, Permissions


class Action(StrEnum):
    VIEW = "view"
    ANNOTATE = "annotate"
    EDIT = "edit"
    DELETE = "delete"
    LINK = "link"
    CHGRP = "chgrp"
    CHOWN = "chown"


@dataclass(frozen=True)
class Details:
    """What the policy needs to know about an object."""

    owner_id: int
    group_id: int
    permissions: str
    is_file: bool = False


FILE_TYPES = frozenset({"OriginalFile", "FileAnnotation"})


def details_of(obj: Any) -> Details:
    """The details of a model object (its ``group`` should be ``select_related``)."""
    omero_type = getattr(obj, "omero_type", "")
    return Details(obj.owner_id, obj.group_id, obj.group.permissions, omero_type in FILE_TYPES)


def group_reads(permissions: str) -> bool:
    return permissions[2] == "r"


def group_annotates(permissions: str) -> bool:
    return permissions[3] in "aw"


def group_writes(permissions: str) -> bool:
    return permissions[3] == "w"


def _as_member(action: Action, permissions: str) -> bool:
    if action is Action.VIEW:
        return group_reads(permissions)
    if action is Action.ANNOTATE:
        return group_annotates(permissions)
    if action in (Action.EDIT, Action.DELETE, Action.LINK):
        return group_writes(permissions)
    return False


def _as_leader(action: Action, permissions: str, *, admin: bool) -> bool:
    if action in (Action.ANNOTATE, Action.LINK):
        return group_reads(permissions)
    if action is Action.CHGRP:
        return admin
    return True


def _privilege(action: Action, is_file: bool) -> AdminPrivilege | None:
    if action is Action.EDIT:
        return AdminPrivilege.WRITE_FILE if is_file else AdminPrivilege.WRITE_OWNED
    if action is Action.DELETE:
        return AdminPrivilege.DELETE_FILE if is_file else AdminPrivilege.DELETE_OWNED
    return {Action.CHGRP: AdminPrivilege.CHGRP, Action.CHOWN: AdminPrivilege.CHOWN}.get(action)


def acts_as_admin(ctx: EventContext, action: Action, is_file: bool = False) -> bool:
    """True when ctx's administrator powers apply to ``action``."""
    if not ctx.is_admin:
        return False
    privilege = _privilege(action, is_file)
    return privilege is None or ctx.has_privilege(privilege)


def can(ctx: EventContext, action: Action, details: Details) -> bool:
    """May ``ctx`` do ``action`` with an object of these details?"""
    if action is not Action.VIEW and not can(ctx, Action.VIEW, details):
        return False
    member = details.group_id in ctx.member_of_groups
    if member and details.owner_id == ctx.user_id and action is not Action.CHOWN:
        return True
    perms = details.permissions
    if acts_as_admin(ctx, action, details.is_file) and _as_leader(action, perms, admin=True):
        return True
    if details.group_id in ctx.leader_of_groups:
        return _as_leader(action, perms, admin=False)
    return member and _as_member(action, perms)


def open_groups(ctx: EventContext) -> frozenset[int]:
    """The groups of which ctx sees every object: those it leads or may read as a member
    (for an administrator, every group: see :func:`sees_whole_group`)."""
    return (ctx.leader_of_groups | ctx.readable_groups) & ctx.member_of_groups


def sees_whole_group(ctx: EventContext, group_id: int) -> bool:
    """True when ctx, in its group scope, sees every object of ``group_id``."""
    if ctx.group_id is not None and ctx.group_id != group_id:
        return False
    return ctx.is_admin or group_id in open_groups(ctx)


def visible_q(ctx: EventContext, prefix: str = "") -> Q:
    """The "view" rule as a filter on a model with details (``prefix`` for a relation).

    Also scopes to ctx's group, or to all of the user's groups.
    """
    p = prefix
    scope = Q() if ctx.group_id is None else Q(**{f"{p}group_id": ctx.group_id})
    if ctx.is_admin:
        return scope
    # The groups are resolved with the context (no join to the group table), so that
    # the database can walk an index in the list's order (lower(name), id).
    whole = sorted(open_groups(ctx))
    others = sorted(ctx.member_of_groups - set(whole))
    if not others:
        return scope & Q(**{f"{p}group_id__in": whole})
    own = Q(**{f"{p}group_id__in": others, f"{p}owner_id": ctx.user_id})
    if not whole:
        return scope & own
    return scope & (Q(**{f"{p}group_id__in": whole}) | own)


@dataclass(frozen=True)
class ObjectPermissions:
    """OMERO's permissions of one object for one context (``omero:details.permissions``)."""

    perm: str
    can_annotate: bool
    can_delete: bool
    can_edit: bool
    can_link: bool
    can_chgrp: bool
    can_chown: bool

    @property
    def is_group_read(self) -> bool:
        return group_reads(self.perm)

    @property
    def is_group_annotate(self) -> bool:
        return group_annotates(self.perm)

    @property
    def is_group_write(self) -> bool:
        return group_writes(self.perm)

    def to_json(self) -> dict[str, Any]:
        """The JSON form OMERO's API uses."""
        return {
            "@type": "TBD#Permissions",
            "perm": self.perm,
            "canAnnotate": self.can_annotate,
            "canDelete": self.can_delete,
            "canEdit": self.can_edit,
            "canLink": self.can_link,
            "canChgrp": self.can_chgrp,
            "canChown": self.can_chown,
            "isUserRead": self.perm[0] == "r",
            "isUserWrite": self.perm[1] == "w",
            "isGroupRead": self.is_group_read,
            "isGroupAnnotate": self.is_group_annotate,
            "isGroupWrite": self.is_group_write,
            "isWorldRead": self.perm[4] == "r",
            "isWorldWrite": self.perm[5] == "w",
        }


def permissions_of(ctx: EventContext, obj: Any) -> ObjectPermissions:
    details = details_of(obj)
    return ObjectPermissions(
        perm=details.permissions,
        can_annotate=can(ctx, Action.ANNOTATE, details),
        can_delete=can(ctx, Action.DELETE, details),
        can_edit=can(ctx, Action.EDIT, details),
        can_link=can(ctx, Action.LINK, details),
        can_chgrp=can(ctx, Action.CHGRP, details),
        can_chown=can(ctx, Action.CHOWN, details),
    )


# Accounts: users, groups, memberships, privileges.


def can_modify_users(ctx: EventContext) -> bool:
    """Create users and change their names, email, activity (``ModifyUser``)."""
    return ctx.has_privilege(AdminPrivilege.MODIFY_USER)


def can_modify_groups(ctx: EventContext) -> bool:
    """Create groups and change them (``ModifyGroup``)."""
    return ctx.has_privilege(AdminPrivilege.MODIFY_GROUP)


def can_change_permissions(ctx: EventContext, group_id: int, new: Permissions) -> bool:
    """Change a group's level: admins with ModifyGroup and group owners.

    Only a full administrator may make a group read-write.
    """
    if new is Permissions.READ_WRITE and not ctx.is_full_admin:
        return False
    return can_modify_groups(ctx) or group_id in ctx.leader_of_groups


def can_change_membership(ctx: EventContext, group_id: int, *, system: bool = False) -> bool:
    """Add or remove members or owners: ``ModifyGroupMembership`` or a group owner.

    Membership of ``system`` makes an administrator: only full administrators change it.
    """
    if system:
        return ctx.is_full_admin
    return ctx.has_privilege(AdminPrivilege.MODIFY_GROUP_MEMBERSHIP) or (
        group_id in ctx.leader_of_groups
    )


def can_grant_privileges(ctx: EventContext, privileges: frozenset[AdminPrivilege]) -> bool:
    """Set a restricted admin's privileges: needs ModifyUser and every privilege granted."""
    return can_modify_users(ctx) and privileges <= ctx.admin_privileges


def outranks(
    ctx: EventContext, target_id: int, target_privileges: frozenset[AdminPrivilege]
) -> bool:
    """Whether another user holds a privilege ctx lacks (a full administrator holds them all).

    OMERO keeps restricted administrators from escalating their privileges: one may not
    make an administrator more privileged than themself, nor take over the account of
    one (OMERO 5.4.7 closed setting such an administrator's password, 2018-SV3). So a
    restricted administrator never edits, (de)activates or sets the password of a full
    administrator, nor of a restricted one holding a privilege they lack.
    """
    return target_id != ctx.user_id and not target_privileges <= ctx.admin_privileges


def can_manage_user(
    ctx: EventContext, target_id: int, target_privileges: frozenset[AdminPrivilege]
) -> bool:
    """Change a user's details, activity or password: one's own; another's with
    ModifyUser, unless they :func:`outranks` ctx."""
    if target_id == ctx.user_id:
        return True
    return can_modify_users(ctx) and not outranks(ctx, target_id, target_privileges)


def can_set_password(
    ctx: EventContext, target_id: int, target_privileges: frozenset[AdminPrivilege]
) -> bool:
    """One's own password, or another's with ModifyUser when they hold no more privileges."""
    return can_manage_user(ctx, target_id, target_privileges)


def can_administer(ctx: EventContext) -> bool:
    """Open the administrators' pages (lists of users and groups, the audit trail)."""
    return ctx.is_admin


def can_set_role(
    ctx: EventContext,
    target_id: int,
    current: frozenset[AdminPrivilege],
    new: frozenset[AdminPrivilege],
) -> bool:
    """Make someone a user, a restricted or a full administrator (not oneself).

    Needs ModifyUser and every privilege the target holds now or will hold.
    """
    return target_id != ctx.user_id and can_grant_privileges(ctx, current | new)


def can_send_email(ctx: EventContext) -> bool:
    """Write to users and groups from ``webadmin/email/``: administrators."""
    return ctx.is_admin


def can_see_usage(ctx: EventContext, group_id: int | None = None) -> bool:
    """Disk usage: administrators everywhere, others in their own groups."""
    return ctx.is_admin or (group_id is not None and group_id in ctx.member_of_groups)
