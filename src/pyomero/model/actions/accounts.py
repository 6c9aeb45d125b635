"""Writes of users and their passwords, privileges, roles, default groups and avatars.

Each ``do_*`` taking a context leaves an entry in the audit trail (``audit.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from pyomero.model.actions.audit import audited
from pyomero.model.actions.groups import do_add_group_members, do_remove_group_members
from pyomero.model.context import ALL_GROUPS, EventContext, event_context
from pyomero.model.errors import (
    ActionForbiddenError,
    InputInvalidError,
    NameTakenError,
    ObjectNotFoundError,
)
from pyomero.model.models import (
    ROOT,
    SYSTEM_GROUP,
    SYSTEM_GROUPS,
    USER_GROUP,
    AdminPrivilege,
    Experimenter,
    ExperimenterGroup,
    GroupExperimenterMap,
)
from pyomero.model.models.audit import ExperimenterAvatar
from pyomero.model.permissions import (
    can_grant_privileges,
    can_modify_users,
    can_set_password,
    can_set_role,
    outranks,
)

PROFILE_FIELDS = ("first_name", "middle_name", "last_name", "email", "institution")


def create_experimenter(
    ome_name: str,
    *,
    first_name: str = "",
    last_name: str = "",
    middle_name: str = "",
    email: str = "",
    institution: str = "",
    password: str | None = None,
    groups: Sequence[ExperimenterGroup] = (),
    owner_of: Sequence[ExperimenterGroup] = (),
    admin: bool = False,
    privileges: Iterable[AdminPrivilege | str] | None = None,
) -> Experimenter:
    """Create a user with no permission check (bootstrap, Django's ``create_user``).

    The user joins ``user`` (every active user), ``system`` when ``admin``, and
    ``groups``; the first of ``groups`` becomes the default group.
    """
    ome_name = (ome_name or "").strip()
    if not ome_name:
        raise InputInvalidError("login name must not be empty")
    with transaction.atomic():
        if Experimenter.objects.filter(ome_name=ome_name).exists():
            raise NameTakenError(f"user {ome_name!r} already exists")
        experimenter = Experimenter(
            ome_name=ome_name,
            first_name=first_name,
            last_name=last_name,
            middle_name=middle_name or "",
            email=email or "",
            institution=institution or "",
            admin_privileges=_privilege_list(privileges) if admin else None,
        )
        if password is None:
            experimenter.set_unusable_password()
        else:
            experimenter.set_password(password)
        try:
            with transaction.atomic():
                experimenter.save()
        except IntegrityError:
            raise NameTakenError(f"user {ome_name!r} already exists") from None
        specials = [USER_GROUP, SYSTEM_GROUP] if admin else [USER_GROUP]
        joined = [*ExperimenterGroup.objects.filter(name__in=specials), *groups]
        leaders = {g.pk for g in owner_of}
        for group in {g.pk: g for g in [*joined, *owner_of]}.values():
            GroupExperimenterMap.objects.create(
                parent=group, child=experimenter, owner=group.pk in leaders
            )
        data_groups = [g for g in [*groups, *owner_of] if g.name not in SYSTEM_GROUPS]
        default = data_groups[0] if data_groups else None
        if default is None and admin:
            default = ExperimenterGroup.objects.get(name=SYSTEM_GROUP)
        if default is not None:
            experimenter.default_group = default
            experimenter.save(update_fields=["default_group"])
    return experimenter


def do_create_experimenter(
    ctx: EventContext,
    ome_name: str,
    first_name: str,
    last_name: str,
    *,
    middle_name: str = "",
    email: str = "",
    institution: str = "",
    password: str | None = None,
    groups: Sequence[ExperimenterGroup] = (),
    admin: bool = False,
    privileges: Iterable[AdminPrivilege | str] | None = None,
) -> Experimenter:
    """Create a user as ctx: needs ModifyUser, and ModifyGroupMembership to add groups.

    An administrator can only be made by one who holds every privilege it gets.
    """
    if not can_modify_users(ctx):
        raise ActionForbiddenError("creating users needs the ModifyUser privilege")
    if groups and not ctx.has_privilege(AdminPrivilege.MODIFY_GROUP_MEMBERSHIP):
        raise ActionForbiddenError("adding to groups needs the ModifyGroupMembership privilege")
    if admin:
        granted = frozenset(AdminPrivilege) if privileges is None else _privilege_set(privileges)
        if not can_grant_privileges(ctx, granted):
            raise ActionForbiddenError("you cannot grant privileges you do not hold")
    with audited(ctx, "experimenter.create") as change:
        change.target = create_experimenter(
            ome_name,
            first_name=first_name,
            last_name=last_name,
            middle_name=middle_name,
            email=email,
            institution=institution,
            password=password,
            groups=groups,
            admin=admin,
            privileges=privileges,
        )
    return change.target


def do_update_experimenter(ctx: EventContext, experimenter: Experimenter, **fields: str) -> None:
    """Change names, email or institution: one's own, or anyone's with ModifyUser.

    The login name (``ome_name``) changes only with ModifyUser, and never root's.
    """
    unknown = set(fields) - {*PROFILE_FIELDS, "ome_name"}
    if unknown:
        raise InputInvalidError(f"cannot change {', '.join(sorted(unknown))}")
    if experimenter.pk != ctx.user_id and not can_modify_users(ctx):
        raise ActionForbiddenError("changing another user needs the ModifyUser privilege")
    _refuse_if_outranked(ctx, experimenter, "change")
    if "ome_name" in fields:
        fields["ome_name"] = _rename(ctx, experimenter, fields["ome_name"])
    if not fields:
        return
    with audited(ctx, "experimenter.update", experimenter):
        for name, value in fields.items():
            setattr(experimenter, name, value or "")
        experimenter.save(update_fields=list(fields))


def _rename(ctx: EventContext, experimenter: Experimenter, ome_name: str) -> str:
    ome_name = (ome_name or "").strip()
    if ome_name == experimenter.ome_name:
        return ome_name
    if not ome_name:
        raise InputInvalidError("login name must not be empty")
    if not can_modify_users(ctx) or experimenter.ome_name == ROOT:
        raise ActionForbiddenError(f"you may not change the login name of {experimenter}")
    if Experimenter.objects.filter(ome_name=ome_name).exclude(pk=experimenter.pk).exists():
        raise NameTakenError(f"user {ome_name!r} already exists")
    return ome_name


def _refuse_if_outranked(ctx: EventContext, experimenter: Experimenter, what: str) -> None:
    """OMERO's rule against escalation: see :func:`~pyomero.model.permissions.outranks`."""
    if outranks(ctx, experimenter.pk, experimenter.privileges()):
        kind = "a full administrator" if experimenter.is_superuser else "an administrator"
        raise ActionForbiddenError(
            f"you may not {what} {experimenter}: {kind} holding privileges you lack"
        )


LDAP_PASSWORD = (
    "{user} signs in with the institution's directory (LDAP): the password is changed there"
)


def refuse_if_ldap(experimenter: Experimenter) -> None:
    """LDAP users have no local password: the directory checks it."""
    if experimenter.ldap:
        raise ActionForbiddenError(LDAP_PASSWORD.format(user=experimenter))


def do_set_password(ctx: EventContext, experimenter: Experimenter, password: str) -> None:
    """Set a password (hashed by Django); never an LDAP user's."""
    refuse_if_ldap(experimenter)
    if not password:
        raise InputInvalidError("the password must not be empty")
    if not can_set_password(ctx, experimenter.pk, experimenter.privileges()):
        raise ActionForbiddenError(f"you may not change the password of {experimenter}")
    with audited(ctx, "experimenter.password", experimenter, always=True):
        experimenter.set_password(password)
        experimenter.save(update_fields=["password"])


def do_set_active(ctx: EventContext, experimenter: Experimenter, active: bool) -> None:
    """(De)activate a user; as in OMERO, active users are the members of ``user``."""
    if not can_modify_users(ctx) or experimenter.pk == ctx.user_id:
        raise ActionForbiddenError(f"you may not change whether {experimenter} is active")
    _refuse_if_outranked(ctx, experimenter, "deactivate or activate")
    if experimenter.ome_name == ROOT:
        raise ActionForbiddenError("root cannot be deactivated")
    user_group = ExperimenterGroup.objects.get(name=USER_GROUP)
    with audited(ctx, "experimenter.active", experimenter):
        experimenter.is_active = active
        experimenter.save(update_fields=["is_active"])
        maps = GroupExperimenterMap.objects.filter(parent=user_group, child=experimenter)
        if active and not maps.exists():
            GroupExperimenterMap.objects.create(parent=user_group, child=experimenter)
        elif not active:
            maps.delete()


def do_set_privileges(
    ctx: EventContext,
    experimenter: Experimenter,
    privileges: Iterable[AdminPrivilege | str] | None,
) -> None:
    """Make an administrator full (``None``) or restricted to ``privileges``.

    Needs ModifyUser, every privilege granted, and every privilege the target has now.
    """
    if not experimenter.is_admin:
        raise InputInvalidError(f"{experimenter} is not an administrator")
    granted = frozenset(AdminPrivilege) if privileges is None else _privilege_set(privileges)
    current = experimenter.privileges()
    if not can_grant_privileges(ctx, granted | current):
        raise ActionForbiddenError("you cannot grant or remove privileges you do not hold")
    if experimenter.ome_name == ROOT:
        raise ActionForbiddenError("root's privileges cannot be restricted")
    with audited(ctx, "experimenter.privileges", experimenter):
        experimenter.admin_privileges = None if privileges is None else _privilege_list(granted)
        experimenter.save(update_fields=["admin_privileges"])


def do_set_default_group(
    ctx: EventContext, experimenter: Experimenter, group: ExperimenterGroup
) -> None:
    """Choose the group a user works in when none is given (one they belong to)."""
    if experimenter.pk != ctx.user_id and not can_modify_users(ctx):
        raise ActionForbiddenError(f"you may not change the default group of {experimenter}")
    _refuse_if_outranked(ctx, experimenter, "change")
    if not GroupExperimenterMap.objects.filter(parent=group, child=experimenter).exists():
        raise InputInvalidError(f"{experimenter} is not a member of {group}")
    with audited(ctx, "experimenter.default_group", experimenter):
        experimenter.default_group = group
        experimenter.save(update_fields=["default_group"])


def do_bootstrap_root(password: str) -> Experimenter | None:
    """Create ``root``, the first full administrator, unless it exists (then ``None``)."""
    with transaction.atomic():
        if Experimenter.objects.filter(ome_name=ROOT).exists():
            return None
        return create_experimenter(
            ROOT, first_name="root", last_name="root", password=password, admin=True
        )


class Role:
    """The three roles of OMERO's experimenter form."""

    USER = "user"
    ADMIN = "administrator"
    RESTRICTED_ADMIN = "restricted administrator"
    ALL = (USER, ADMIN, RESTRICTED_ADMIN)


def do_set_role(
    ctx: EventContext,
    experimenter: Experimenter,
    role: str,
    privileges: Iterable[AdminPrivilege | str] = (),
) -> None:
    """Make a user, a full administrator, or a restricted one with ``privileges``.

    Needs ModifyUser and every privilege the target holds before or after: a
    restricted administrator cannot grant a privilege they lack.
    """
    if role not in Role.ALL:
        raise InputInvalidError(f"unknown role {role!r}")
    granted: frozenset[AdminPrivilege] = frozenset()
    if role == Role.ADMIN:
        granted = frozenset(AdminPrivilege)
    elif role == Role.RESTRICTED_ADMIN:
        granted = _privilege_set(privileges)
    stored = None if role == Role.ADMIN else _privilege_list(granted)
    system = ExperimenterGroup.objects.get(name=SYSTEM_GROUP)
    in_system = GroupExperimenterMap.objects.filter(parent=system, child=experimenter)
    if role == Role.USER and not in_system.exists():
        return
    if role != Role.USER and in_system.exists() and experimenter.admin_privileges == stored:
        return
    if not can_set_role(ctx, experimenter.pk, experimenter.privileges(), granted):
        raise ActionForbiddenError(
            f"you may not make {experimenter} {'an' if role == Role.ADMIN else 'a'} {role}: "
            "it needs ModifyUser and every privilege involved"
        )
    if experimenter.ome_name == ROOT:
        raise ActionForbiddenError("root stays a full administrator")
    with audited(ctx, "experimenter.role", experimenter):
        if role == Role.USER:
            in_system.delete()
            experimenter.admin_privileges = None
        else:
            GroupExperimenterMap.objects.get_or_create(parent=system, child=experimenter)
            experimenter.admin_privileges = stored
        experimenter.save(update_fields=["admin_privileges"])


def check_password(password: str, experimenter: Experimenter | None = None) -> None:
    """Run Django's password validators; their messages become one ``InputInvalidError``."""
    if not password:
        raise InputInvalidError("the password must not be empty")
    try:
        password_validation.validate_password(password, experimenter)
    except ValidationError as exc:
        raise InputInvalidError(" ".join(exc.messages)) from None


def do_change_password(
    ctx: EventContext, experimenter: Experimenter, password: str, old_password: str | None = None
) -> None:
    """Change a password as ``webadmin`` does: one's own needs the old one; an
    administrator with ModifyUser sets another's without it. Validators apply."""
    refuse_if_ldap(experimenter)
    if experimenter.pk == ctx.user_id and not experimenter.check_password(old_password or ""):
        raise InputInvalidError("the current password is not correct")
    if not can_set_password(ctx, experimenter.pk, experimenter.privileges()):
        raise ActionForbiddenError(f"you may not change the password of {experimenter}")
    check_password(password, experimenter)
    do_set_password(ctx, experimenter, password)


def do_reset_password(experimenter: Experimenter, password: str) -> None:
    """Set a forgotten password (the caller checked the emailed token)."""
    if not experimenter.is_active:
        raise ObjectNotFoundError("Experimenter", experimenter.pk)
    refuse_if_ldap(experimenter)
    check_password(password, experimenter)
    ctx = event_context(experimenter, ALL_GROUPS)
    with audited(ctx, "experimenter.password_reset", experimenter, always=True):
        experimenter.set_password(password)
        experimenter.save(update_fields=["password"])


@dataclass(frozen=True)
class ExperimenterEdit:
    """Everything the experimenter form of ``webadmin`` sets."""

    ome_name: str
    first_name: str
    last_name: str
    middle_name: str = ""
    email: str = ""
    institution: str = ""
    active: bool = True
    groups: tuple[ExperimenterGroup, ...] = ()
    default_group: ExperimenterGroup | None = None
    role: str = Role.USER
    privileges: frozenset[AdminPrivilege] = frozenset()


def _groups_of(edit: ExperimenterEdit) -> tuple[list[ExperimenterGroup], ExperimenterGroup]:
    """The form's data groups (at least one) and its default group (one of them)."""
    groups = [g for g in edit.groups if g.name not in SYSTEM_GROUPS]
    if not groups:
        raise InputInvalidError("choose at least one group")
    default = edit.default_group or groups[0]
    if default.pk not in {g.pk for g in groups}:
        raise InputInvalidError("the default group must be one of the user's groups")
    return groups, default


def do_edit_experimenter(
    ctx: EventContext, experimenter: Experimenter, edit: ExperimenterEdit
) -> None:
    """Apply the form: details, activity, groups, default group and role, all or nothing.

    Only what differs is changed, so each part needs only its own privilege.
    """
    _refuse_if_outranked(ctx, experimenter, "edit")
    groups, default = _groups_of(edit)
    profile = {
        name: getattr(edit, name)
        for name in (*PROFILE_FIELDS, "ome_name")
        if (getattr(edit, name) or "") != getattr(experimenter, name)
    }
    with audited(ctx, "experimenter.update", experimenter):
        if profile:
            do_update_experimenter(ctx, experimenter, **profile)
        if edit.active != experimenter.is_active:
            do_set_active(ctx, experimenter, edit.active)
        current = {
            g.pk: g
            for g in ExperimenterGroup.objects.filter(member_maps__child=experimenter).exclude(
                name__in=SYSTEM_GROUPS
            )
        }
        wanted = {g.pk: g for g in groups}
        for gid in wanted.keys() - current.keys():
            do_add_group_members(ctx, wanted[gid], [experimenter])
        experimenter.refresh_from_db(fields=["default_group"])
        if experimenter.default_group_id != default.pk:
            do_set_default_group(ctx, experimenter, default)
        for gid in current.keys() - wanted.keys():
            do_remove_group_members(ctx, current[gid], [experimenter])
        do_set_role(ctx, experimenter, edit.role, edit.privileges)


def do_create_experimenter_with(
    ctx: EventContext, edit: ExperimenterEdit, password: str
) -> Experimenter:
    """Create a user from the form: validated password, groups, default group, role."""
    groups, default = _groups_of(edit)
    ordered = [default, *(g for g in groups if g.pk != default.pk)]
    check_password(password)
    return do_create_experimenter(
        ctx,
        edit.ome_name,
        edit.first_name,
        edit.last_name,
        middle_name=edit.middle_name,
        email=edit.email,
        institution=edit.institution,
        password=password,
        groups=ordered,
        admin=edit.role != Role.USER,
        privileges=None if edit.role == Role.ADMIN else edit.privileges,
    )


AVATAR_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
AVATAR_MAX_BYTES = 1_000_000


def do_set_avatar(ctx: EventContext, experimenter: Experimenter, data: bytes) -> None:
    """Keep one's own picture (PNG or JPEG, at most 1 MB)."""
    if experimenter.pk != ctx.user_id:
        raise ActionForbiddenError("only the user may change their picture")
    if len(data) > AVATAR_MAX_BYTES:
        raise InputInvalidError("the picture must be at most 1 MB")
    content_type = next((t for head, t in AVATAR_TYPES.items() if data.startswith(head)), None)
    if content_type is None:
        raise InputInvalidError("the picture must be a PNG or JPEG file")
    with audited(ctx, "experimenter.avatar", experimenter, always=True):
        ExperimenterAvatar.objects.update_or_create(
            experimenter=experimenter,
            defaults={"data": data, "content_type": content_type, "updated": timezone.now()},
        )


def _privilege_set(privileges: Iterable[AdminPrivilege | str]) -> frozenset[AdminPrivilege]:
    try:
        return frozenset(AdminPrivilege(p) for p in privileges)
    except ValueError as exc:
        raise InputInvalidError(str(exc)) from None


def _privilege_list(privileges: Iterable[AdminPrivilege | str] | None) -> list[str] | None:
    if privileges is None:
        return None
    return sorted(p.value for p in _privilege_set(privileges))


def do_update_my_account(
    ctx: EventContext,
    experimenter: Experimenter,
    default_group: ExperimenterGroup | None = None,
    **fields: str,
) -> None:
    """``myaccount/``: one's names, email, institution and default group, in one change."""
    changed = {k: v for k, v in fields.items() if (v or "") != getattr(experimenter, k, None)}
    with audited(ctx, "experimenter.update", experimenter):
        if changed:
            do_update_experimenter(ctx, experimenter, **changed)
        if default_group is not None and default_group.pk != experimenter.default_group_id:
            do_set_default_group(ctx, experimenter, default_group)
