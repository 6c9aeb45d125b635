"""``omero user``: add and list users, set passwords, join and leave groups.

The argument shapes are those of OMERO's ``omero user``. The commands run as
``root`` (the CLI is the server operator). The helpers at the end (root's context,
finding users and groups, tables, error translation) serve ``omero group`` too.
"""

from __future__ import annotations

import argparse
import functools
import getpass
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from pyomero.cli.errors import CommandError

if TYPE_CHECKING:
    from pyomero.model.context import EventContext
    from pyomero.model.models import Experimenter, ExperimenterGroup

EXISTS = 3  # OMERO's exit code for "already exists"

Handler = Callable[[argparse.Namespace], int | None]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("user", help="Add and manage users.")
    commands = parser.add_subparsers(dest="user_command", metavar="SUBCOMMAND", required=True)

    add = commands.add_parser("add", help="Add a user.")
    add.add_argument("--ignore-existing", action="store_true", help="Do not fail if it exists.")
    add.add_argument("-m", "--middlename", default="", help="Middle name.")
    add.add_argument("-e", "--email", default="", help="Email address.")
    add.add_argument("-i", "--institution", default="", help="Institution.")
    add.add_argument("-a", "--admin", action="store_true", help="Make the user an administrator.")
    add.add_argument("username", help="The user's login name.")
    add.add_argument("firstname", help="First name.")
    add.add_argument("lastname", help="Last name.")
    add_group_arguments(add, " to join")
    password = add.add_mutually_exclusive_group()
    password.add_argument("-P", "--userpassword", help="The password (else asked for).")
    password.add_argument("--no-password", action="store_true", help="No password: no login.")
    add.set_defaults(handler=add_user)

    listing = commands.add_parser("list", help="List all users.")
    listing.set_defaults(handler=list_users)

    password_cmd = commands.add_parser("password", help="Set a user's password.")
    password_cmd.add_argument("username", nargs="?", default="root", help="Login (root).")
    password_cmd.add_argument("-P", "--userpassword", help="The password (else asked for).")
    password_cmd.set_defaults(handler=set_password)

    membership = (("joingroup", join_group, "join"), ("leavegroup", leave_group, "leave"))
    for name, handler, verb in membership:
        sub = commands.add_parser(name, help=f"{verb.title()} one or more groups.")
        who = sub.add_mutually_exclusive_group()
        who.add_argument("--id", help="ID of the user (default: root).")
        who.add_argument("--name", help="Login name of the user (default: root).")
        add_group_arguments(sub, f" to {verb}")
        sub.add_argument("--as-owner", action="store_true", help=f"{verb.title()} as an owner.")
        sub.set_defaults(handler=handler)


def add_group_arguments(parser: argparse.ArgumentParser, action: str) -> None:
    parser.add_argument("group", nargs="*", help=f"ID or name of the group(s){action}.")
    parser.add_argument(
        "--group-id", action="extend", nargs="+", default=[], help=f"ID of the group(s){action}."
    )
    parser.add_argument(
        "--group-name",
        action="extend",
        nargs="+",
        default=[],
        help=f"Name of the group(s){action}.",
    )


def model_errors(handler: Handler) -> Handler:
    """Run ``handler`` with Django set up; the model's errors become one-line failures."""

    @functools.wraps(handler)
    def wrapper(args: argparse.Namespace) -> int | None:
        from pyomero.cli.django import setup

        setup()
        from django.db import DatabaseError

        from pyomero.model.errors import ModelError

        try:
            return handler(args)
        except ModelError as exc:
            raise CommandError(exc.message, EXISTS if exc.code == "name_taken" else 1) from None
        except DatabaseError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise CommandError(
                f"database error: {first} (did you run 'omero db upgrade'?)"
            ) from None

    return wrapper


@model_errors
def add_user(args: argparse.Namespace) -> int | None:
    from pyomero.model.actions import do_create_experimenter
    from pyomero.model.models import Experimenter

    ctx = root_context()
    existing = Experimenter.objects.filter(ome_name=args.username).first()
    if existing is not None:
        message = f"User exists: {existing.ome_name} (id={existing.pk})"
        if args.ignore_existing:
            print(message)
            return 0
        raise CommandError(message, EXISTS)
    groups = find_groups(ctx, args.group, args.group_id, args.group_name)
    password = None if args.no_password else read_password(args, f"for {args.username}")
    user = do_create_experimenter(
        ctx,
        args.username,
        args.firstname,
        args.lastname,
        middle_name=args.middlename,
        email=args.email,
        institution=args.institution,
        password=password,
        groups=groups,
        admin=args.admin,
    )
    how = "without password" if password is None else "with password"
    print(f"Added user {user.ome_name} (id={user.pk}) {how}")
    return 0


@model_errors
def list_users(args: argparse.Namespace) -> int | None:
    from pyomero.model.models import SYSTEM_GROUP, USER_GROUP, Experimenter

    rows = []
    people = Experimenter.objects.order_by("pk").prefetch_related("group_maps__parent")
    for user in people:
        maps = list(user.group_maps.all())
        names = {m.parent.name for m in maps}
        data = [m for m in maps if m.parent.name not in (SYSTEM_GROUP, USER_GROUP)]
        rows.append(
            [
                user.pk,
                user.ome_name,
                user.first_name,
                user.last_name,
                user.email,
                "Yes" if USER_GROUP in names and user.is_active else "",
                _admin_label(user) if SYSTEM_GROUP in names else "",
                ",".join(m.parent.name for m in data if not m.owner),
                ",".join(m.parent.name for m in data if m.owner),
            ]
        )
    headers = [
        "id",
        "login",
        "first name",
        "last name",
        "email",
        "active",
        "admin",
        "member of",
        "owner of",
    ]
    print(table(headers, rows))
    return 0


def _admin_label(user: Experimenter) -> str:
    return "Yes" if user.admin_privileges is None else "Restricted"


@model_errors
def set_password(args: argparse.Namespace) -> int | None:
    from pyomero.model.actions import do_set_password

    ctx = root_context()
    user = find_user(ctx, args.username)
    print(f"Changing password for {user.ome_name} (id:{user.pk})", file=sys.stderr)
    do_set_password(ctx, user, read_password(args, f"for {user.ome_name}"))
    print("Password changed")
    return 0


@model_errors
def join_group(args: argparse.Namespace) -> int | None:
    return _membership(args, join=True)


@model_errors
def leave_group(args: argparse.Namespace) -> int | None:
    return _membership(args, join=False)


def _membership(args: argparse.Namespace, *, join: bool) -> int:
    from django.db import transaction

    from pyomero.model.actions import do_add_group_members, do_remove_group_members

    ctx = root_context()
    user = find_user(ctx, args.id if args.id else (args.name or "root"))
    groups = find_groups(ctx, args.group, args.group_id, args.group_name)
    if not groups:
        raise CommandError("name at least one group")
    relation = "the owner list of group" if args.as_owner else "group"
    with transaction.atomic():
        for group in groups:
            act = do_add_group_members if join else do_remove_group_members
            changed = act(ctx, group, [user], as_owner=args.as_owner)
            if changed:
                verb = "Added" if join else "Removed"
                print(f"{verb} {user.ome_name} {'to' if join else 'from'} {relation} {group.name}")
            else:
                state = "already in" if join else "not in"
                print(f"{user.ome_name} is {state} {relation} {group.name}")
    return 0


# Helpers shared with ``omero group``.


def root_context() -> EventContext:
    """The context the CLI acts in: root's, in all groups."""
    from pyomero.model.context import ALL_GROUPS, event_context
    from pyomero.model.errors import ObjectNotFoundError
    from pyomero.model.models import ROOT

    try:
        return event_context(ROOT, ALL_GROUPS)
    except ObjectNotFoundError:
        raise CommandError("there is no root user: run 'omero db upgrade' first") from None


def find_user(ctx: EventContext, id_or_name: str) -> Experimenter:
    from pyomero.model.access import access_experimenter
    from pyomero.model.errors import ObjectNotFoundError

    try:
        return access_experimenter(ctx, id_or_name)
    except ObjectNotFoundError:
        if id_or_name.isdigit():
            try:
                return access_experimenter(ctx, int(id_or_name))
            except ObjectNotFoundError:
                pass
        raise CommandError(f"Unknown user: {id_or_name}") from None


def find_group(ctx: EventContext, id_or_name: str) -> ExperimenterGroup:
    from pyomero.model.access import access_group
    from pyomero.model.errors import ObjectNotFoundError

    try:
        return access_group(ctx, id_or_name)
    except ObjectNotFoundError:
        if id_or_name.isdigit():
            try:
                return access_group(ctx, int(id_or_name))
            except ObjectNotFoundError:
                pass
        raise CommandError(f"Unknown group: {id_or_name}") from None


def find_groups(
    ctx: EventContext, either: Sequence[str], ids: Sequence[str], names: Sequence[str]
) -> list[ExperimenterGroup]:
    """Every named group, in order, once; an unknown one fails the whole command."""
    found = [find_group(ctx, g) for g in either]
    for group_id in ids:
        if not group_id.isdigit():
            raise CommandError(f"Invalid group ID: {group_id}")
        found.append(find_group(ctx, group_id))
    found += [_group_by_name(ctx, name) for name in names]
    return list({g.pk: g for g in found}.values())


def _group_by_name(ctx: EventContext, name: str) -> ExperimenterGroup:
    from pyomero.model.access import access_group
    from pyomero.model.errors import ObjectNotFoundError

    try:
        return access_group(ctx, name)
    except ObjectNotFoundError:
        raise CommandError(f"Unknown group: {name}") from None


def read_password(args: argparse.Namespace, purpose: str) -> str:
    """``-P``, else one line of standard input when it is not a terminal, else asked twice."""
    if args.userpassword:
        return str(args.userpassword)
    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\n")
        if not line:
            raise CommandError("no password on standard input")
        return line
    first = getpass.getpass(f"Please enter password {purpose}: ")
    if not first:
        raise CommandError("the password must not be empty")
    if getpass.getpass("Please re-enter password: ") != first:
        raise CommandError("the passwords did not match")
    return first


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """OMERO's plain table: a header, a rule, the rows and a row count."""
    cells = [[str(c) for c in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        return " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    rule = "-+-".join("-" * w for w in widths)
    count = f"({len(rows)} row{'s' if len(rows) != 1 else ''})"
    return "\n".join([line(headers), rule, *(line(r) for r in cells), count])
