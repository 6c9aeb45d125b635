"""``omero group``: add and list groups, change their permissions, add and remove users.

The argument shapes are those of OMERO's ``omero group``; the commands run as root.
"""

from __future__ import annotations

import argparse

from pyomero.cli.errors import CommandError
from pyomero.cli.user import (
    EXISTS,
    find_group,
    find_user,
    model_errors,
    root_context,
    table,
)

# OMERO's symbolic names of the permission levels.
TYPES = {
    "private": "rw----",
    "read-only": "rwr---",
    "read-annotate": "rwra--",
    "read-write": "rwrw--",
}
PERMS_HELP = """Permission levels: private (rw----, the default), read-only (rwr---),
read-annotate (rwra--) and read-write (rwrw--). In private groups only group owners
and administrators see others' data; in read-only groups members see it; in
read-annotate groups they also annotate it; in read-write groups they act as if
they owned it. Lowering the level is refused when it would remove links between
different users' data, unless --force."""


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("group", help="Add and manage groups.")
    commands = parser.add_subparsers(dest="group_command", metavar="SUBCOMMAND", required=True)

    add = commands.add_parser("add", help="Add a group.", description=PERMS_HELP)
    add.add_argument("--ignore-existing", action="store_true", help="Do not fail if it exists.")
    add.add_argument("name", help="Name of the group.")
    add.add_argument("--description", default="", help="Description of the group.")
    _permission_arguments(add)
    add.set_defaults(handler=add_group)

    perms = commands.add_parser(
        "perms", help="Change a group's permissions.", description=PERMS_HELP
    )
    perms.add_argument("group", nargs="?", help="ID or name of the group (or --id/--name).")
    _group_target(perms)
    _permission_arguments(perms)
    perms.add_argument("--force", action="store_true", help="Remove links the new level forbids.")
    perms.set_defaults(handler=change_permissions)

    listing = commands.add_parser("list", help="List all groups.")
    listing.add_argument("--long", action="store_true", help="Print owner and member ids.")
    listing.set_defaults(handler=list_groups)

    membership = (("adduser", add_users, "add to"), ("removeuser", remove_users, "remove from"))
    for name, handler, verb in membership:
        sub = commands.add_parser(name, help=f"{verb.split()[0].title()} users.")
        _group_target(sub)
        sub.add_argument("user", nargs="*", help=f"ID or login of the user(s) to {verb} the group.")
        sub.add_argument("--user-id", action="extend", nargs="+", default=[], help="User ID(s).")
        sub.add_argument("--user-name", action="extend", nargs="+", default=[], help="Login(s).")
        sub.add_argument("--as-owner", action="store_true", help="As group owners.")
        sub.set_defaults(handler=handler)


def _permission_arguments(parser: argparse.ArgumentParser) -> None:
    level = parser.add_mutually_exclusive_group()
    level.add_argument("--perms", help="Permissions as a string, e.g. 'rwr---'.")
    level.add_argument("--type", choices=list(TYPES), help="Permissions by name.")


def _group_target(parser: argparse.ArgumentParser) -> None:
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--id", help="ID of the group.")
    target.add_argument("--name", help="Name of the group.")


def _perms(args: argparse.Namespace, default: str | None = TYPES["private"]) -> str:
    perms = args.perms or TYPES.get(args.type or "", "") or default
    if not perms:
        raise CommandError("give the permissions with --type or --perms")
    if perms not in TYPES.values():
        raise CommandError(f"invalid permissions {perms!r}: one of {', '.join(TYPES.values())}")
    return perms


def _target(args: argparse.Namespace) -> str:
    given = [v for v in (getattr(args, "group", None), args.id, args.name) if v]
    if len(given) != 1:
        raise CommandError("name one group, with --id or --name")
    return str(given[0])


@model_errors
def add_group(args: argparse.Namespace) -> int | None:
    from pyomero.model.actions import do_create_group
    from pyomero.model.models import ExperimenterGroup

    perms = _perms(args)
    existing = ExperimenterGroup.objects.filter(name=args.name).first()
    if existing is not None:
        message = f"Group exists: {existing.name} (id={existing.pk})"
        if args.ignore_existing:
            print(message)
            return 0
        raise CommandError(message, EXISTS)
    group = do_create_group(root_context(), args.name, perms, args.description)
    print(f"Added group {group.name} (id={group.pk}) with permissions {group.permissions}")
    return 0


@model_errors
def change_permissions(args: argparse.Namespace) -> int | None:
    from pyomero.model.actions import do_set_group_permissions

    perms = _perms(args, default=None)
    ctx = root_context()
    group = find_group(ctx, _target(args))
    if group.permissions == perms:
        print(f"Permissions for group {group.name} (id={group.pk}) already {perms}")
        return 0
    change = do_set_group_permissions(ctx, group, perms, force=args.force)
    print(f"Changed permissions for group {group.name} (id={group.pk}) to {perms}")
    if change.dropped_links:
        print(f"Removed {change.dropped_links} link(s) the new permissions do not allow")
    return 0


@model_errors
def list_groups(args: argparse.Namespace) -> int | None:
    from pyomero.model.models import ExperimenterGroup

    rows = []
    for group in ExperimenterGroup.objects.order_by("pk").prefetch_related("member_maps"):
        owners = sorted(m.child_id for m in group.member_maps.all() if m.owner)
        members = sorted(m.child_id for m in group.member_maps.all() if not m.owner)
        if args.long:
            counts = [",".join(map(str, owners)), ",".join(map(str, members))]
        else:
            counts = [str(len(owners)), str(len(members))]
        rows.append([group.pk, group.name, group.permissions, *counts])
    last = ["owner ids", "member ids"] if args.long else ["# of owners", "# of members"]
    print(table(["id", "name", "perms", *last], rows))
    return 0


@model_errors
def add_users(args: argparse.Namespace) -> int | None:
    return _change_members(args, add=True)


@model_errors
def remove_users(args: argparse.Namespace) -> int | None:
    return _change_members(args, add=False)


def _change_members(args: argparse.Namespace, *, add: bool) -> int:
    from django.db import transaction

    from pyomero.model.actions import do_add_group_members, do_remove_group_members

    ctx = root_context()
    group = find_group(ctx, _target(args))
    for user_id in args.user_id:
        if not user_id.isdigit():
            raise CommandError(f"Invalid user ID: {user_id}")
    names = [*args.user, *args.user_id, *args.user_name]
    if not names:
        raise CommandError("name at least one user")
    users = list({u.pk: u for u in (find_user(ctx, n) for n in names)}.values())
    relation = "the owner list of group" if args.as_owner else "group"
    with transaction.atomic():
        act = do_add_group_members if add else do_remove_group_members
        changed = {u.pk for u in act(ctx, group, users, as_owner=args.as_owner)}
    for user in users:
        if user.pk in changed:
            verb, prep = ("Added", "to") if add else ("Removed", "from")
            print(f"{verb} {user.ome_name} {prep} {relation} {group.name}")
        else:
            state = "already in" if add else "not in"
            print(f"{user.ome_name} is {state} {relation} {group.name}")
    return 0
