"""Entry point of the `omero` command.

Each subcommand lives in its own module of this package and exposes
``register(subparsers)``, which adds its parser and sets ``handler`` to a
function ``(args) -> int | None``. Nothing here imports Django: commands that
need the database call :func:`pyomero.cli.django.setup` inside their handler.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from pyomero.cli.errors import CommandError

SUBCOMMANDS = (
    "config",
    "db",
    "user",
    "group",
    "ldap",
    "web",
    "login",
    "logout",
    "sessions",
    "import",
    "metadata",
    "demo",
    "admin",
)
# Subcommands whose module has another name ("import" is a keyword); one module may serve several.
MODULES = {"import": "import_", "login": "sessions", "logout": "sessions"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="omero", description="pyomero: the OMERO command line.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in dict.fromkeys(MODULES.get(name, name) for name in SUBCOMMANDS):
        try:
            module = importlib.import_module(f"pyomero.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"pyomero.cli.{name}":
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code (tests call this in-process)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except CommandError as exc:
        print(f"omero {args.command}: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130


def run() -> None:
    sys.exit(main())
