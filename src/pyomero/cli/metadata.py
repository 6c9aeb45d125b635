"""``omero metadata populate``: attach a CSV file as an OMERO.table, as the
omero-metadata plugin does.

::

    omero metadata populate Screen:1 --file screen.csv [--name NAME]

Prints ``FileAnnotation:<id>`` of the new table; a one-line error and exit code 1
when the file cannot make a table (nothing is attached then).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pyomero.cli.errors import CommandError
from pyomero.cli.sessions import add_login_arguments, check_local, context_for
from pyomero.cli.user import model_errors


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "metadata",
        help="Bulk annotations: attach a CSV file as an OMERO.table.",
        description="Manage bulk annotations (OMERO.tables), as omero-metadata does.",
    )
    commands = parser.add_subparsers(dest="metadata_command", metavar="SUBCOMMAND", required=True)
    populate = commands.add_parser(
        "populate",
        help="Attach a CSV file as an OMERO.table to Screen, Plate, Project, Dataset or Image.",
    )
    populate.add_argument("target", metavar="Type:ID", help="The object, e.g. Plate:1.")
    populate.add_argument("--file", required=True, type=Path, help="The CSV file.")
    populate.add_argument("--name", help="The table's file name (default: the CSV's name).")
    add_login_arguments(populate)
    populate.set_defaults(handler=populate_command)


def _target(text: str) -> tuple[str, int]:
    kind, _, number = text.partition(":")
    if not number.isdigit():
        raise CommandError(f"name the object as Type:ID (e.g. Plate:1), not {text!r}")
    return kind, int(number)


@model_errors
def populate_command(args: argparse.Namespace) -> int:
    check_local(args.server)
    kind, object_id = _target(args.target)
    try:
        text = args.file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"cannot read {args.file}: {exc.__class__.__name__}") from None
    from pyomero.imports.populate import populate

    ctx = context_for(args)
    annotation = populate(ctx, kind, object_id, text, name=args.name or args.file.name)
    print(f"FileAnnotation:{annotation.pk}")
    return 0
