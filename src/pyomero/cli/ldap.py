"""``omero ldap``: active, list, getdn, setdn, discover, create (OMERO's LDAP plugin)."""

from __future__ import annotations

import argparse
import functools
from typing import TYPE_CHECKING

from pyomero.cli.errors import CommandError
from pyomero.cli.user import EXISTS, Handler, find_user, model_errors, root_context, table

if TYPE_CHECKING:
    from pyomero.conf.ldap import LdapSettings
    from pyomero.model.context import EventContext

# OMERO's exit codes
UNKNOWN_USER = 134
NO_DN = 136
INVALID = 132


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("ldap", help="Administer LDAP sign-in.")
    commands = parser.add_subparsers(dest="ldap_command", metavar="SUBCOMMAND", required=True)

    active = commands.add_parser("active", help="Exit code shows whether LDAP is configured.")
    active.set_defaults(handler=show_active)

    listing = commands.add_parser("list", help="List all users with DNs.")
    listing.set_defaults(handler=list_users)

    getdn = commands.add_parser("getdn", help="Print the DN of a user.")
    getdn.add_argument("username", help="The user's login name.")
    getdn.set_defaults(handler=get_dn)

    setdn = commands.add_parser(
        "setdn",
        help="Make a user an LDAP user (true: its DN is looked up in the directory; its "
        "local password is no longer used) or a local user again (false: it needs a "
        "password set with 'omero user password').",
    )
    setdn.add_argument("username", nargs="?", help="The user's login name.")
    setdn.add_argument("choice", choices=("true", "false"), help="LDAP user (or group) or not.")
    setdn.add_argument(
        "--group-name",
        help="A group instead of a user: true lets the directory manage its membership.",
    )
    setdn.set_defaults(handler=set_dn)

    discover = commands.add_parser(
        "discover", help="List local users who exist in the directory (and their DNs)."
    )
    discover.add_argument(
        "--commands", action="store_true", help="Print the setdn commands that would convert them."
    )
    discover.add_argument("--urls", help="Use these directory URLs instead of omero.ldap.urls.")
    discover.add_argument("--base", help="Use this base instead of omero.ldap.base.")
    discover.set_defaults(handler=discover_users)

    create = commands.add_parser(
        "create", help="Create a user from the directory without waiting for its first login."
    )
    create.add_argument("username", help="The user's login name in the directory.")
    create.set_defaults(handler=create_user)


def directory_errors(handler: Handler) -> Handler:
    """A directory that cannot answer is a one-line failure, like the model's errors."""

    @functools.wraps(handler)
    def wrapper(args: argparse.Namespace) -> int | None:
        from pyomero.model.directory.ldap import DirectoryError

        try:
            return handler(args)
        except DirectoryError as exc:
            raise CommandError(f"LDAP: {exc}") from None

    return wrapper


def _settings(args: argparse.Namespace | None = None) -> LdapSettings:
    from dataclasses import replace

    from django.conf import settings

    from pyomero.conf.ldap import LdapSettings, LdapUrls

    directory = LdapSettings.from_config(settings.OMERO_CONFIG)
    if args is not None and getattr(args, "urls", None):
        try:
            directory = replace(directory, urls=LdapUrls()(args.urls))
        except ValueError as exc:
            raise CommandError(f"--urls: expected {exc}") from None
    if args is not None and getattr(args, "base", None):
        directory = replace(directory, base=args.base)
    return directory


def _require_enabled(directory: LdapSettings) -> None:
    if not directory.enabled:
        raise CommandError("LDAP is not enabled: omero config set omero.ldap.config true")


@model_errors
def show_active(args: argparse.Namespace) -> int | None:
    if not _settings().enabled:
        raise CommandError("No", 1)
    print("Yes")
    return 0


@model_errors
def list_users(args: argparse.Namespace) -> int | None:
    from pyomero.model.models import Experimenter

    users = Experimenter.objects.filter(ldap=True).order_by("pk")
    print(table(["#", "Id", "OmeName", "DN"], [
        (i, u.pk, u.ome_name, u.ldap_dn) for i, u in enumerate(users)
    ]))  # fmt: skip
    return 0


@model_errors
def get_dn(args: argparse.Namespace) -> int | None:
    from pyomero.model.models import Experimenter

    user = Experimenter.objects.filter(ome_name=args.username).first()
    if user is None:
        raise CommandError(f"Unknown user: {args.username}", UNKNOWN_USER)
    if not user.ldap or not user.ldap_dn:
        raise CommandError(f"DN Not found: {args.username} is not an LDAP user", NO_DN)
    print(user.ldap_dn)
    return 0


@model_errors
@directory_errors
def set_dn(args: argparse.Namespace) -> int | None:
    from pyomero.model.actions.directory import do_set_ldap_dn
    from pyomero.model.directory.ldap import find_user as find_in_directory

    ctx = root_context()
    if args.group_name:
        return _set_group(ctx, args.group_name, args.choice == "true")
    if not args.username:
        raise CommandError("name a user, or a group with --group-name")
    user = find_user(ctx, args.username)
    if args.choice == "false":
        do_set_ldap_dn(ctx, user, None)
        print(f"{user.ome_name} is no longer an LDAP user")
        return 0
    directory = _settings()
    _require_enabled(directory)
    found = find_in_directory(directory, user.ome_name)
    if found is None:
        raise CommandError(f"DN Not found: no {user.ome_name} in the directory", NO_DN)
    do_set_ldap_dn(ctx, user, found.dn)
    print(f"{user.ome_name} is an LDAP user with DN={found.dn}")
    return 0


def _set_group(ctx: EventContext, name: str, ldap: bool) -> int:
    from pyomero.cli.user import find_group
    from pyomero.model.actions.directory import do_set_group_ldap

    group = find_group(ctx, name)
    do_set_group_ldap(ctx, group, ldap)
    print(f"{group.name} is {'now' if ldap else 'no longer'} an LDAP group")
    return 0


@model_errors
@directory_errors
def discover_users(args: argparse.Namespace) -> int | None:
    from pyomero.model.directory.ldap import all_users
    from pyomero.model.models import Experimenter

    directory = _settings(args)
    _require_enabled(directory)
    in_directory = {u.ome_name: u.dn for u in all_users(directory)}
    local = Experimenter.objects.filter(ldap=False, ome_name__in=list(in_directory))
    found = [(user, in_directory[user.ome_name]) for user in local.order_by("ome_name")]
    if found and not args.commands:
        print("Found local users that exist in the directory:")
    for user, dn in found:
        if args.commands:
            print(f"omero ldap setdn {user.ome_name} true")
        else:
            print(f"Experimenter:{user.pk}\tomeName={user.ome_name}\t{dn}")
    return 0


@model_errors
@directory_errors
def create_user(args: argparse.Namespace) -> int | None:
    from pyomero.model.actions.directory import do_create_external_user
    from pyomero.model.directory.ldap import account_of
    from pyomero.model.directory.ldap import find_user as find_in_directory
    from pyomero.model.models import Experimenter

    directory = _settings()
    _require_enabled(directory)
    root_context()
    existing = Experimenter.objects.filter(ome_name=args.username).first()
    if existing is not None:
        raise CommandError(f"User exists: {existing.ome_name} (id={existing.pk})", EXISTS)
    found = find_in_directory(directory, args.username)
    if found is None:
        raise CommandError(f"no user {args.username} in the directory", INVALID)
    user = do_create_external_user(account_of(found))
    print(f"Added user {user.ome_name} (id={user.pk}) with DN={user.ldap_dn}")
    return 0
