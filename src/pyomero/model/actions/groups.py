"""Writes of groups: creation, permission level, members and owners."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError
from django.utils import timezone

from pyomero.model.actions._base import clean_name
from pyomero.model.actions.audit import audited
from pyomero.model.context import ALL_GROUPS, EventContext, event_context
from pyomero.model.errors import (
    ActionForbiddenError,
    InputInvalidError,
    NameTakenError,
    PermissionsChangeRefusedError,
)
from pyomero.model.models import (
    ANNOTATION_LINKS,
    ROOT,
    SYSTEM_GROUP,
    SYSTEM_GROUPS,
    USER_GROUP,
    DatasetImageLink,
    Experimenter,
    ExperimenterGroup,
    GroupExperimenterMap,
    Link,
    Permissions,
    ProjectDatasetLink,
    ScreenPlateLink,
)
from pyomero.model.permissions import (
    Action,
    Details,
    can,
    can_change_membership,
    can_change_permissions,
    can_modify_groups,
)

CONTAINER_LINKS: tuple[type[Link], ...] = (ProjectDatasetLink, DatasetImageLink, ScreenPlateLink)


def do_create_group(
    ctx: EventContext,
    name: str,
    permissions: Permissions | str = Permissions.PRIVATE,
    description: str = "",
    *,
    owners: Sequence[Experimenter] = (),
    members: Sequence[Experimenter] = (),
) -> ExperimenterGroup:
    """Create a group (ModifyGroup; read-write groups only by a full administrator),
    with its first members and owners (which needs ModifyGroupMembership)."""
    level = _level(permissions)
    if not can_modify_groups(ctx):
        raise ActionForbiddenError("creating groups needs the ModifyGroup privilege")
    if level is Permissions.READ_WRITE and not ctx.is_full_admin:
        raise ActionForbiddenError("only a full administrator can make a read-write group")
    name = clean_name(name, "group name")
    try:
        with audited(ctx, "group.create") as change:
            if ExperimenterGroup.objects.filter(name=name).exists():
                raise NameTakenError(f"group {name!r} already exists")
            group = ExperimenterGroup.objects.create(
                name=name, permissions=level.value, description=description
            )
            change.target = group
            if members or owners:
                do_add_group_members(ctx, group, [*members, *owners])
            if owners:
                do_add_group_members(ctx, group, owners, as_owner=True)
    except IntegrityError:
        raise NameTakenError(f"group {name!r} already exists") from None
    return group


def do_update_group(
    ctx: EventContext, group: ExperimenterGroup, name: str, description: str
) -> None:
    """Rename a group or change its description (ModifyGroup; not the system groups)."""
    name = clean_name(name, "group name")
    if name == group.name and description == group.description:
        return
    if not can_modify_groups(ctx):
        raise ActionForbiddenError("changing groups needs the ModifyGroup privilege")
    if group.name in SYSTEM_GROUPS and name != group.name:
        raise ActionForbiddenError(f"group {group.name!r} cannot be renamed")
    if ExperimenterGroup.objects.filter(name=name).exclude(pk=group.pk).exists():
        raise NameTakenError(f"group {name!r} already exists")
    with audited(ctx, "group.update", group):
        group.name = name
        group.description = description
        group.updated = timezone.now()
        group.save(update_fields=["name", "description", "updated"])


def do_edit_group(
    ctx: EventContext,
    group: ExperimenterGroup,
    *,
    name: str,
    description: str,
    permissions: Permissions | str,
    owners: Sequence[Experimenter],
    members: Sequence[Experimenter],
    force: bool = False,
) -> PermissionsChange | None:
    """Apply the group form, all or nothing: details, level, members and owners.

    Owners are members too. Only what differs is changed, so a group owner may
    manage members while the rest stays as it is.
    """
    owner_ids = {e.pk for e in owners}
    wanted = {e.pk: e for e in [*members, *owners]}
    maps = GroupExperimenterMap.objects.filter(parent=group).select_related("child")
    current = {m.child_id: m for m in maps}
    change = None
    with audited(ctx, "group.update", group) as audit:
        do_update_group(ctx, group, name, description)
        if _level(permissions) is not group.level:
            change = do_set_group_permissions(ctx, group, permissions, force=force)
            if change.dropped_links:
                audit.note["links_removed"] = change.dropped_links
        if group.name == USER_GROUP:  # its members are the active users
            return change
        added = [e for pk, e in wanted.items() if pk not in current]
        if added:
            do_add_group_members(ctx, group, added)
        promoted = [e for pk, e in wanted.items() if pk in owner_ids and not _owns(current, pk)]
        if promoted:
            do_add_group_members(ctx, group, promoted, as_owner=True)
        demoted = [m.child for pk, m in current.items() if m.owner and pk not in owner_ids]
        if demoted:
            do_remove_group_members(ctx, group, demoted, as_owner=True)
        left = [m.child for pk, m in current.items() if pk not in wanted]
        if left:
            do_remove_group_members(ctx, group, left)
    return change


def _owns(current: dict[int, GroupExperimenterMap], pk: int) -> bool:
    return pk in current and current[pk].owner


@dataclass(frozen=True)
class PermissionsChange:
    old: Permissions
    new: Permissions
    dropped_links: int


def do_set_group_permissions(
    ctx: EventContext,
    group: ExperimenterGroup,
    permissions: Permissions | str,
    *,
    force: bool = False,
) -> PermissionsChange:
    """Change a group's level (OMERO's chmod).

    Raising is always possible for those allowed to. Lowering is refused when links
    between different users' data would no longer be allowed at the new level,
    unless ``force``, which deletes those links.
    """
    level = _level(permissions)
    if group.name in SYSTEM_GROUPS:
        raise ActionForbiddenError(f"the permissions of {group.name!r} cannot change")
    if not can_change_permissions(ctx, group.pk, level):
        raise ActionForbiddenError(
            f"you may not make group {group.name!r} {level.label}"
            + (" (only a full administrator can)" if level is Permissions.READ_WRITE else "")
        )
    old = group.level
    with audited(ctx, "group.permissions", group) as audit:
        dropped = _disallowed_links(group, level) if level.rank < old.rank else {}
        count = sum(len(ids) for ids in dropped.values())
        if count and not force:
            raise PermissionsChangeRefusedError(
                f"making group {group.name!r} {level.label} would remove {count} link(s) "
                "between different users' data; force it to remove them"
            )
        for model, ids in dropped.items():
            model._default_manager.filter(pk__in=ids).delete()
        group.permissions = level.value
        group.updated = timezone.now()
        group.save(update_fields=["permissions", "updated"])
        if count:
            audit.note["links_removed"] = count
    return PermissionsChange(old, level, count)


def _disallowed_links(group: ExperimenterGroup, level: Permissions) -> dict[type[Link], list[int]]:
    """Links in ``group`` whose maker could not make them at ``level``."""
    contexts: dict[int, EventContext] = {}
    found: dict[type[Link], list[int]] = {}
    kinds = [(m, Action.LINK) for m in CONTAINER_LINKS]
    kinds += [(m, Action.ANNOTATE) for m in ANNOTATION_LINKS.values()]
    for model, action in kinds:
        rows = model._default_manager.filter(group=group).values_list(
            "pk", "owner_id", "parent__owner_id", "child__owner_id"
        )
        for pk, maker, parent_owner, child_owner in rows:
            others = {parent_owner, child_owner} - {maker}
            if not others:
                continue
            if maker not in contexts:
                contexts[maker] = event_context(maker, ALL_GROUPS)
            ctx = contexts[maker]
            if not all(can(ctx, action, Details(o, group.pk, level.value)) for o in others):
                found.setdefault(model, []).append(pk)
    return found


def do_add_group_members(
    ctx: EventContext,
    group: ExperimenterGroup,
    experimenters: Sequence[Experimenter],
    *,
    as_owner: bool = False,
) -> list[Experimenter]:
    """Add members (or make them owners, adding them if needed); returns who changed."""
    _check_membership(ctx, group)
    changed = []
    with audited(ctx, "group.members_add", group):
        for experimenter in experimenters:
            membership, created = GroupExperimenterMap.objects.get_or_create(
                parent=group, child=experimenter, defaults={"owner": as_owner}
            )
            if created or (as_owner and not membership.owner):
                changed.append(experimenter)
            if as_owner and not membership.owner:
                membership.owner = True
                membership.save(update_fields=["owner"])
            if experimenter.default_group_id is None and group.name not in SYSTEM_GROUPS:
                experimenter.default_group = group
                experimenter.save(update_fields=["default_group"])
    return changed


def do_remove_group_members(
    ctx: EventContext,
    group: ExperimenterGroup,
    experimenters: Sequence[Experimenter],
    *,
    as_owner: bool = False,
) -> list[Experimenter]:
    """Remove members (or only their ownership); returns who changed."""
    _check_membership(ctx, group)
    changed = []
    with audited(ctx, "group.members_remove", group):
        for experimenter in experimenters:
            maps = GroupExperimenterMap.objects.filter(parent=group, child=experimenter)
            if as_owner:
                if maps.filter(owner=True).update(owner=False):
                    changed.append(experimenter)
                continue
            if group.name == SYSTEM_GROUP and experimenter.ome_name == ROOT:
                raise ActionForbiddenError("root cannot leave the system group")
            if maps.delete()[0]:
                changed.append(experimenter)
                _reset_default_group(experimenter, group)
    return changed


def _reset_default_group(experimenter: Experimenter, left: ExperimenterGroup) -> None:
    if experimenter.default_group_id != left.pk:
        return
    experimenter.default_group = (
        ExperimenterGroup.objects.filter(member_maps__child=experimenter)
        .exclude(name__in=SYSTEM_GROUPS)
        .order_by("member_maps__id")
        .first()
    )
    experimenter.save(update_fields=["default_group"])


def _check_membership(ctx: EventContext, group: ExperimenterGroup) -> None:
    if not can_change_membership(ctx, group.pk, system=group.name == SYSTEM_GROUP):
        raise ActionForbiddenError(f"you may not change the members of group {group.name!r}")


def _level(permissions: Permissions | str) -> Permissions:
    try:
        return Permissions.from_name(str(permissions))
    except ValueError as exc:
        raise InputInvalidError(str(exc)) from None
