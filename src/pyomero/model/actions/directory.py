"""Writes of users who sign in through the institution (LDAP or OpenID Connect).

Such users have no local password. They are created at their first sign-in
and placed in the groups the directory or the provider names, groups created
private when missing (OMERO's default level); with synchronisation on, each
sign-in refreshes their names and email and their membership of the groups the
directory made. Each change is in the audit trail with ``system`` as its actor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from pyomero.model.actions.accounts import create_experimenter
from pyomero.model.actions.audit import audited
from pyomero.model.context import EventContext
from pyomero.model.errors import ActionForbiddenError, InputInvalidError, NameTakenError
from pyomero.model.models import (
    ROOT,
    SYSTEM_GROUPS,
    Experimenter,
    ExperimenterGroup,
    GroupExperimenterMap,
    Permissions,
)
from pyomero.model.permissions import can_modify_users

PROFILE = ("first_name", "middle_name", "last_name", "email", "institution")


@dataclass(frozen=True)
class ExternalGroup:
    name: str
    owner: bool = False


@dataclass(frozen=True)
class ExternalAccount:
    """A user as the directory or the provider describes it."""

    ome_name: str
    first_name: str = ""
    middle_name: str = ""
    last_name: str = ""
    email: str = ""
    institution: str = ""
    groups: tuple[ExternalGroup, ...] = field(default_factory=tuple)
    ldap_dn: str = ""  # set for a directory user
    sso_subject: str = ""  # set for an OpenID Connect user

    def profile(self) -> dict[str, str]:
        return {name: getattr(self, name) or "" for name in PROFILE}


def _group(name: str, *, ldap: bool) -> ExperimenterGroup:
    """The group called ``name``, created private (and audited) when missing."""
    existing = ExperimenterGroup.objects.filter(name=name).first()
    if existing is not None:
        return existing
    with audited(None, "group.ldap_create" if ldap else "group.sso_create") as change:
        try:
            with transaction.atomic():
                change.target = ExperimenterGroup.objects.create(
                    name=name, permissions=Permissions.PRIVATE.value, ldap=ldap
                )
        except IntegrityError:  # created by a concurrent sign-in
            change.target = ExperimenterGroup.objects.get(name=name)
    assert change.target is not None
    return change.target  # type: ignore[return-value]


def _groups(wanted: Sequence[ExternalGroup], *, ldap: bool) -> list[tuple[ExperimenterGroup, bool]]:
    names = [g for g in wanted if g.name not in SYSTEM_GROUPS]
    return [(_group(g.name, ldap=ldap), g.owner) for g in names]


def do_create_external_user(account: ExternalAccount) -> Experimenter:
    """Create the user of a first sign-in (or of ``omero ldap create``), in its groups."""
    ldap = bool(account.ldap_dn)
    action = "experimenter.ldap_create" if ldap else "experimenter.sso_create"
    with transaction.atomic():  # groups and user together, or nothing
        groups = _groups(account.groups, ldap=ldap)  # each new group has its own audit entry
        with audited(None, action) as change:
            change.target = _create(account, groups)
    assert isinstance(change.target, Experimenter)
    return change.target


def _create(account: ExternalAccount, groups: list[tuple[ExperimenterGroup, bool]]) -> Experimenter:
    user = create_experimenter(
        account.ome_name,
        **account.profile(),
        password=None,
        groups=[g for g, owner in groups if not owner],
        owner_of=[g for g, owner in groups if owner],
    )
    user.ldap = bool(account.ldap_dn)
    user.ldap_dn = account.ldap_dn
    user.sso_subject = account.sso_subject
    user.save(update_fields=["ldap", "ldap_dn", "sso_subject"])
    return user


def do_sync_external_user(
    experimenter: Experimenter, account: ExternalAccount, *, remove: bool
) -> Experimenter:
    """Bring a user in line with its account: names, email, DN, and groups.

    The user joins every group of the account; with ``remove`` it also leaves
    the groups made by the directory (``ldap``) that the account no longer names.
    Groups made in pyomero are left alone.
    """
    ldap = bool(account.ldap_dn)
    action = "experimenter.ldap_sync" if ldap else "experimenter.sso_sync"
    with transaction.atomic():
        wanted = _groups(account.groups, ldap=ldap)
        _sync(experimenter, account, wanted, action, remove=remove)
    return experimenter


def _sync(
    experimenter: Experimenter,
    account: ExternalAccount,
    wanted: list[tuple[ExperimenterGroup, bool]],
    action: str,
    *,
    remove: bool,
) -> None:
    ldap = bool(account.ldap_dn)
    with audited(None, action, experimenter):
        profile = account.profile()
        if not ldap:  # a provider may leave out claims: keep what OMERO has then
            profile = {name: value for name, value in profile.items() if value}
        changed = [n for n, v in profile.items() if getattr(experimenter, n) != v]
        for name in changed:
            setattr(experimenter, name, profile[name])
        if ldap and experimenter.ldap_dn != account.ldap_dn:
            experimenter.ldap_dn = account.ldap_dn
            changed.append("ldap_dn")
        if changed:
            experimenter.save(update_fields=changed)
        current = {
            m.parent_id: m
            for m in GroupExperimenterMap.objects.filter(child=experimenter).select_related(
                "parent"
            )
        }
        for group, owner in wanted:
            membership = current.get(group.pk)
            if membership is None:
                GroupExperimenterMap.objects.create(parent=group, child=experimenter, owner=owner)
            elif owner and not membership.owner:
                membership.owner = True
                membership.save(update_fields=["owner"])
        if remove:
            keep = {g.pk for g, _ in wanted}
            for group_id, membership in current.items():
                group = membership.parent
                if group.ldap and group_id not in keep and group.name not in SYSTEM_GROUPS:
                    membership.delete()
        _fix_default_group(experimenter, [g for g, _ in wanted])


def _fix_default_group(experimenter: Experimenter, preferred: list[ExperimenterGroup]) -> None:
    """Keep the default group one the user is in (the account's first, else any)."""
    member_of = set(
        GroupExperimenterMap.objects.filter(child=experimenter)
        .exclude(parent__name__in=SYSTEM_GROUPS)
        .values_list("parent_id", flat=True)
    )
    if experimenter.default_group_id in member_of:
        return
    choice = next((g.pk for g in preferred if g.pk in member_of), None)
    if choice is None and member_of:
        choice = min(member_of)
    experimenter.default_group_id = choice
    experimenter.save(update_fields=["default_group"])


def do_set_ldap_dn(ctx: EventContext, experimenter: Experimenter, dn: str | None) -> None:
    """``omero ldap setdn``: make a user an LDAP user (with its DN) or a local one again.

    A local user made an LDAP user loses its local password, as in OMERO, where
    the directory then checks it; ``None`` makes it local (it needs a password set).
    """
    if not can_modify_users(ctx):
        raise ActionForbiddenError("changing LDAP users needs the ModifyUser privilege")
    if experimenter.ome_name == ROOT:
        raise ActionForbiddenError("root signs in with its own password, not LDAP")
    if dn is not None and not dn.strip():
        raise InputInvalidError("the DN must not be empty")
    with audited(ctx, "experimenter.ldap_dn", experimenter):
        experimenter.ldap = dn is not None
        experimenter.ldap_dn = (dn or "").strip()
        if dn is not None:
            experimenter.set_unusable_password()
        experimenter.save(update_fields=["ldap", "ldap_dn", "password"])


def do_set_group_ldap(ctx: EventContext, group: ExperimenterGroup, ldap: bool) -> None:
    """``omero ldap setdn --group-name NAME true``: let the directory manage a group's
    membership (with omero.ldap.sync_on_login, users then leave it when the directory
    no longer names it), as OMERO does for groups made before its LDAP sync."""
    if not can_modify_users(ctx):
        raise ActionForbiddenError("changing LDAP groups needs the ModifyUser privilege")
    if group.name in SYSTEM_GROUPS:
        raise ActionForbiddenError(f"{group.name} is a system group, never an LDAP group")
    with audited(ctx, "group.ldap", group) as change:
        group.ldap = ldap
        group.save(update_fields=["ldap"])
        change.note = {"ldap": ldap}


def do_sso_sign_in(account: ExternalAccount) -> Experimenter:
    """The user of an OpenID Connect sign-in: found by issuer and subject, else created.

    An existing OMERO account of the same login name is never taken over: the
    provider's user must not become, say, a local administrator.
    """
    if not account.sso_subject:
        raise InputInvalidError("the provider did not identify the user")
    user = Experimenter.objects.filter(sso_subject=account.sso_subject).first()
    if user is None:
        if Experimenter.objects.filter(ome_name=account.ome_name).exists():
            raise NameTakenError(
                f"an OMERO account named {account.ome_name} exists and does not sign in "
                "this way: ask your administrator"
            )
        return ensure_new_user(account)
    if not user.is_active:
        raise ActionForbiddenError(f"the account {user.ome_name} is deactivated")
    return do_sync_external_user(user, account, remove=False)


def ensure_new_user(account: ExternalAccount) -> Experimenter:
    """Create the account's user, or return the one a concurrent sign-in just made."""
    try:
        return do_create_external_user(account)
    except NameTakenError:
        return Experimenter.objects.get(ome_name=account.ome_name)
