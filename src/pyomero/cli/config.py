"""``omero config``: read and change ``$OMERODIR/etc/grid/config.xml``, as OMERO's command.

Subcommands are thin wrappers over :mod:`pyomero.conf.changes`; every value is
checked against the registry before it is stored, and a refused change leaves
the file untouched. No Django here: ``omero config`` works without a database.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from pyomero.cli.errors import CommandError
from pyomero.conf import KEYS, ConfigError, ConfigStore, store_for
from pyomero.conf.changes import (
    append_value,
    load_properties,
    remove_value,
    replace_properties,
    set_value,
    unset_value,
)
from pyomero.conf.properties import format_properties, parse_properties
from pyomero.conf.registry import is_masked

MASK = "*" * 8

# Exit codes by the error's stable code (anything else exits 1).
EXIT_CODES = {
    "invalid_value": 3,
    "illegal_name": 4,
    "unknown_key": 4,
    "not_a_list": 5,
    "duplicate_property": 6,
    "lock_timeout": 7,
    "store_error": 8,
}
EDITOR_FAILED = 9

Handler = Callable[[argparse.Namespace], int | None]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "config",
        help="Get and set omero.* properties (etc/grid/config.xml).",
        description="Read and change the configuration in $OMERODIR/etc/grid/config.xml. "
        "OMERO_CONFIG selects a profile other than the active one.",
    )
    parser.add_argument("--source", help="config file to use instead of etc/grid/config.xml")
    commands = parser.add_subparsers(dest="config_command", metavar="SUBCOMMAND", required=True)

    get = commands.add_parser("get", help="Print one value, or every KEY=VALUE set.")
    get.add_argument("KEY", nargs="*", help="keys to print (default: all that are set)")
    get.add_argument("--show-password", action="store_true", help="do not mask secrets")
    get.set_defaults(handler=get_command)

    set_ = commands.add_parser("set", help="Set KEY to VALUE; without VALUE, remove KEY.")
    set_.add_argument("KEY")
    set_.add_argument("VALUE", nargs="?", help="omit to remove the key")
    set_.add_argument("-f", "--file", help="read the value from FILE ('-': standard input)")
    set_.add_argument("--report", action="store_true", help="print what changed")
    set_.set_defaults(handler=set_command)

    append = commands.add_parser("append", help="Append a JSON value to a JSON list.")
    append.add_argument("KEY")
    append.add_argument("VALUE", help="a JSON value, e.g. '\"my_app\"'")
    append.add_argument("--set", action="store_true", help="only if not already in the list")
    append.add_argument("--report", action="store_true", help="print what changed")
    append.set_defaults(handler=append_command)

    remove = commands.add_parser("remove", help="Remove a JSON value from a JSON list.")
    remove.add_argument("KEY")
    remove.add_argument("VALUE", help="a JSON value, e.g. '\"my_app\"'")
    remove.add_argument("--report", action="store_true", help="print what changed")
    remove.set_defaults(handler=remove_command)

    keys = commands.add_parser("keys", help="List the keys set (--all: every known key).")
    keys.add_argument("--all", action="store_true", help="every key pyomero knows")
    keys.set_defaults(handler=keys_command)

    commands.add_parser("list", aliases=["all"], help="List the profiles.").set_defaults(
        handler=list_command
    )
    default = commands.add_parser("def", help="Print (or set) the active profile.")
    default.add_argument("NAME", nargs="?")
    default.set_defaults(handler=def_command)
    drop = commands.add_parser("drop", help="Remove a profile.")
    drop.add_argument("NAME")
    drop.set_defaults(handler=drop_command)

    load = commands.add_parser("load", help="Set KEY=VALUE lines read from files.")
    load.add_argument("FILE", nargs="*", default=["-"], help="default: standard input")
    load.add_argument("-q", action="store_true", help="overwrite values already set")
    load.set_defaults(handler=load_command)

    commands.add_parser("edit", help="Edit the profile in $EDITOR.").set_defaults(
        handler=edit_command
    )
    commands.add_parser("path", help="Print the config file's path.").set_defaults(
        handler=path_command
    )


def _config_errors(handler: Handler) -> Handler:
    """Turn a configuration error into a one-line CommandError with its exit code."""

    @functools.wraps(handler)
    def wrapper(args: argparse.Namespace) -> int | None:
        try:
            return handler(args)
        except ConfigError as exc:
            code = EXIT_CODES.get(getattr(exc, "code", ""), 1)
            raise CommandError(str(exc), code) from None

    return wrapper


def _store(args: argparse.Namespace) -> ConfigStore:
    if args.source:
        path = Path(args.source)
        if not path.is_file():
            raise CommandError(f"file not found: {args.source}", 2)
        return ConfigStore(path)
    return store_for()


def _read_text(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"cannot read {name}: {exc.strerror}", 2) from None


@_config_errors
def get_command(args: argparse.Namespace) -> None:
    properties = _store(args).read()
    if len(args.KEY) == 1:  # one value, unmasked, for scripts (as OMERO)
        if args.KEY[0] in properties:
            print(properties[args.KEY[0]])
        return
    for name in sorted(args.KEY or properties):
        if name not in properties:
            continue
        value = properties[name]
        if is_masked(name) and not args.show_password:
            value = MASK if value else ""
        print(f"{name}={value}")


@_config_errors
def set_command(args: argparse.Namespace) -> None:
    if "=" in args.KEY:
        name, _, value = args.KEY.partition("=")
        raise CommandError(f'"=" in key name; did you mean "omero config set {name} {value}"?')
    store = _store(args)
    if args.file:
        value = _read_text(args.file).rstrip()
    elif args.VALUE is None:
        unset_value(store, args.KEY)
        _report(args, f"Removed {args.KEY}")
        return
    else:
        value = args.VALUE
    set_value(store, args.KEY, value)
    _report(args, f"Set {args.KEY}:{value}")


@_config_errors
def append_command(args: argparse.Namespace) -> None:
    append_value(_store(args), args.KEY, args.VALUE, unique=args.set)
    _report(args, f"Appended {args.KEY}:{args.VALUE}")


@_config_errors
def remove_command(args: argparse.Namespace) -> None:
    remove_value(_store(args), args.KEY, args.VALUE)
    _report(args, f"Removed {args.KEY}:{args.VALUE}")


@_config_errors
def keys_command(args: argparse.Namespace) -> None:
    names = [key.name for key in KEYS] if args.all else list(_store(args).read())
    for name in sorted(names):
        print(name)


@_config_errors
def list_command(args: argparse.Namespace) -> None:
    for profile in _store(args).profiles():
        print(profile)


@_config_errors
def def_command(args: argparse.Namespace) -> None:
    store = _store(args)
    if args.NAME:
        store.set_active(args.NAME)
        print(args.NAME)
    else:
        print(store.profile())


@_config_errors
def drop_command(args: argparse.Namespace) -> None:
    if not _store(args).drop(args.NAME):
        raise CommandError(f"unknown profile: {args.NAME}")


@_config_errors
def load_command(args: argparse.Namespace) -> None:
    pairs = []
    for name in args.FILE:
        pairs += parse_properties(_read_text(name).splitlines(keepends=True))
    load_properties(_store(args), pairs, overwrite=args.q)


@_config_errors
def edit_command(args: argparse.Namespace) -> None:
    store = _store(args)
    with _temporary_text(format_properties(store.read())) as path:
        _run_editor(path)
        pairs = parse_properties(path.read_text(encoding="utf-8").splitlines(keepends=True))
        try:
            replace_properties(store, pairs)
        except ConfigError as exc:
            kept = path.with_name(path.name + ".rejected")
            path.replace(kept)
            raise CommandError(f"{exc}; nothing changed, your edit is in {kept}", 3) from None


@_config_errors
def path_command(args: argparse.Namespace) -> None:
    print(_store(args).path)


def _report(args: argparse.Namespace, change: str) -> None:
    if args.report:
        print(f"Changed: {change}")


@contextlib.contextmanager
def _temporary_text(text: str) -> Iterator[Path]:
    """A private (0600) temporary file holding ``text``, removed afterwards."""
    fd, name = tempfile.mkstemp(prefix="omero-config-", suffix=".properties")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    path = Path(name)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def _editor_command() -> list[str]:
    editor = os.environ.get("EDITOR") or os.environ.get("VISUAL") or "vi"
    return shlex.split(editor)


def _run_editor(path: Path) -> None:
    command = [*_editor_command(), str(path)]
    try:
        status = subprocess.run(command, check=False).returncode
    except OSError as exc:
        message = f"cannot run editor {command[0]}: {exc.strerror}"
        raise CommandError(message, EDITOR_FAILED) from None
    if status != 0:
        raise CommandError(
            f"editor {command[0]} exited with status {status}; nothing changed", EDITOR_FAILED
        )
