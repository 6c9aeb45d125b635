"""A throwaway server directory on SQLite or on a fresh PostgreSQL database, for the
benchmarks that time whole Django requests in-process (api_bench, webclient_bench)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PG = {
    "host": os.environ.get("PYOMERO_TEST_PG_HOST", "127.0.0.1"),
    "port": os.environ.get("PYOMERO_TEST_PG_PORT", "5432"),
    "user": os.environ.get("PYOMERO_TEST_PG_USER", "postgres"),
    "password": os.environ.get("PYOMERO_TEST_PG_PASSWORD", ""),
}


def pg_admin(sql: str) -> None:
    """Run ``sql`` on the server's ``postgres`` database (CREATE/DROP DATABASE)."""
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:  # type: ignore[arg-type]
        conn.execute(sql)


def configure(omerodir: Path, db: str, pg_name: str) -> None:
    """A server directory whose configuration points at the benchmark's database."""
    from pyomero.conf import store_for
    from pyomero.conf.changes import set_value

    store = store_for(omerodir)
    set_value(store, "omero.web.debug", "false")
    if db == "postgresql":
        for name, value in {
            "omero.db.engine": "postgresql",
            "omero.db.name": pg_name,
            "omero.db.host": PG["host"],
            "omero.db.port": PG["port"],
            "omero.db.user": PG["user"],
            "omero.db.pass": PG["password"],
        }.items():
            set_value(store, name, value)


@contextmanager
def throwaway_server(db: str, prefix: str) -> Iterator[Path]:
    """This process's $OMERODIR and Django settings pointed at a new server directory
    on ``db`` ("sqlite" or "postgresql", a database created here and dropped after)."""
    omerodir = Path(tempfile.mkdtemp(prefix=f"{prefix}-"))
    pg_name = f"{prefix.replace('-', '_')}_{os.getpid()}"
    configure(omerodir, db, pg_name)
    os.environ["OMERODIR"] = str(omerodir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "pyomero.web.settings"
    if db == "postgresql":
        pg_admin(f'CREATE DATABASE "{pg_name}"')
    try:
        yield omerodir
    finally:
        from django.db import connections

        connections.close_all()
        if db == "postgresql":
            pg_admin(f'DROP DATABASE IF EXISTS "{pg_name}"')
