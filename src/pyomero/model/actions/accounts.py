"""Writes of users and their passwords, privileges and default groups."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import IntegrityError, transaction

from pyomero.model.context import EventContext
from pyomero.model.errors import ActionForbiddenError, InputInvalidError, NameTakenError
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
from pyomero.model.permissions import (
    can_grant_privileges,
    can_modify_users,
    can_set_password,
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
    return create_experimenter(
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


def do_update_experimenter(ctx: EventContext, experimenter: Experimenter, **fields: str) -> None:
    """Change names, email or institution: one's own, or anyone's with ModifyUser."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise InputInvalidError(f"cannot change {', '.join(sorted(unknown))}")
    if experimenter.pk != ctx.user_id and not can_modify_users(ctx):
        raise ActionForbiddenError("changing another user needs the ModifyUser privilege")
    for name, value in fields.items():
        setattr(experimenter, name, value or "")
    with transaction.atomic():
        experimenter.save(update_fields=list(fields))


def do_set_password(ctx: EventContext, experimenter: Experimenter, password: str) -> None:
    """Set a password (hashed by Django)."""
    if not password:
        raise InputInvalidError("the password must not be empty")
    if not can_set_password(ctx, experimenter.pk, experimenter.privileges()):
        raise ActionForbiddenError(f"you may not change the password of {experimenter}")
    experimenter.set_password(password)
    with transaction.atomic():
        experimenter.save(update_fields=["password"])


def do_set_active(ctx: EventContext, experimenter: Experimenter, active: bool) -> None:
    """(De)activate a user; as in OMERO, active users are the members of ``user``."""
    if not can_modify_users(ctx) or experimenter.pk == ctx.user_id:
        raise ActionForbiddenError(f"you may not change whether {experimenter} is active")
    if experimenter.ome_name == ROOT:
        raise ActionForbiddenError("root cannot be deactivated")
    user_group = ExperimenterGroup.objects.get(name=USER_GROUP)
    with transaction.atomic():
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
    experimenter.admin_privileges = None if privileges is None else _privilege_list(granted)
    with transaction.atomic():
        experimenter.save(update_fields=["admin_privileges"])


def do_set_default_group(
    ctx: EventContext, experimenter: Experimenter, group: ExperimenterGroup
) -> None:
    """Choose the group a user works in when none is given (one they belong to)."""
    if experimenter.pk != ctx.user_id and not can_modify_users(ctx):
        raise ActionForbiddenError(f"you may not change the default group of {experimenter}")
    if not GroupExperimenterMap.objects.filter(parent=group, child=experimenter).exists():
        raise InputInvalidError(f"{experimenter} is not a member of {group}")
    experimenter.default_group = group
    with transaction.atomic():
        experimenter.save(update_fields=["default_group"])


def do_bootstrap_root(password: str) -> Experimenter | None:
    """Create ``root``, the first full administrator, unless it exists (then ``None``)."""
    with transaction.atomic():
        if Experimenter.objects.filter(ome_name=ROOT).exists():
            return None
        return create_experimenter(
            ROOT, first_name="root", last_name="root", password=password, admin=True
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
