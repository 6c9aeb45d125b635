"""``omero db``: create or upgrade the database, and report its state.

``upgrade`` applies the migrations and, on a new database, creates the ``root``
administrator with the password of ``OMERO_ROOT_PASSWORD``, or a generated one
printed once. Running it again changes nothing and says so.
"""

from __future__ import annotations

import argparse
import os
import secrets

from pyomero.cli.errors import CommandError

ROOT_PASSWORD_ENV = "OMERO_ROOT_PASSWORD"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("db", help="Create, upgrade and inspect the database.")
    commands = parser.add_subparsers(dest="db_command", metavar="SUBCOMMAND", required=True)
    upgrade = commands.add_parser(
        "upgrade",
        help="Create or upgrade the database; on a new one also create root.",
        description=f"Root's password comes from ${ROOT_PASSWORD_ENV}, else it is generated "
        "and printed once.",
    )
    upgrade.set_defaults(handler=upgrade_database)
    status = commands.add_parser("status", help="Say which database and whether it is current.")
    status.set_defaults(handler=database_status)


def _pending() -> list[str]:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def _describe() -> str:
    from django.db import connection

    return f"{connection.vendor} database {connection.settings_dict['NAME']}"


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _setup() -> None:
    from pyomero.cli.django import setup

    setup()


def upgrade_database(args: argparse.Namespace) -> int:
    _setup()
    from django.core.management import call_command
    from django.db import DatabaseError

    from pyomero.model.actions import do_bootstrap_root
    from pyomero.model.models import ROOT

    try:
        pending = _pending()
        if pending:
            call_command("migrate", interactive=False, verbosity=0)
            print(f"Applied {len(pending)} migration(s) to the {_describe()}")
        else:
            print(f"The {_describe()} is up to date")
        password = os.environ.get(ROOT_PASSWORD_ENV) or ""
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        root = do_bootstrap_root(password)
    except DatabaseError as exc:
        raise CommandError(f"cannot upgrade the {_describe()}: {_first_line(exc)}") from None
    if root is None:
        print(f"The {ROOT} administrator exists; its password is unchanged")
    elif generated:
        print(f"Created the {ROOT} administrator with the generated password: {password}")
        print("It is shown only this once: note it, or change it with 'omero user password'")
    else:
        print(f"Created the {ROOT} administrator with the password of ${ROOT_PASSWORD_ENV}")
    return 0


def database_status(args: argparse.Namespace) -> int:
    _setup()
    from django.db import DatabaseError

    from pyomero.model.models import ROOT, Experimenter

    try:
        pending = _pending()
        has_root = not pending and Experimenter.objects.filter(ome_name=ROOT).exists()
    except DatabaseError as exc:
        raise CommandError(f"cannot reach the {_describe()}: {_first_line(exc)}") from None
    print(f"Database: {_describe()}")
    if pending:
        print(f"{len(pending)} migration(s) to apply: run 'omero db upgrade'")
    else:
        print("Schema: up to date")
        print(f"Root administrator: {'present' if has_root else 'missing'}")
    return 0
