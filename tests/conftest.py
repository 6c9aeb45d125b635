"""Fixtures shared by the whole suite: a database, the personas, root's context,
signed-in test clients per persona."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from pyomero.conf import Config
from pyomero.model.actions import do_bootstrap_root
from pyomero.model.context import ALL_GROUPS, EventContext, event_context
from pyomero.model.models import Experimenter
from pyomero.testing.openldap import Directory, openldap
from pyomero.testing.personas import Personas, make_personas
from pyomero.testing.services import unavailable

#: The fixtures through which a test reaches the run's database: pytest-django's, and
#: ``live_db`` (a live server on the run's engine, below).
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}
    | {"live_server", "live_db"}
)


def uses_run_database(item: pytest.Item) -> bool:
    """Whether the test reads or writes the database ``PYOMERO_TEST_DB`` chooses.

    Tests that do not (readers, rendering, live servers on a file database of their own,
    the deployment tests that start a PostgreSQL of their own) would only repeat
    themselves in the PostgreSQL pass.
    """
    names = set(getattr(item, "fixturenames", ()))
    return bool(names & DATABASE_FIXTURES) or item.get_closest_marker("django_db") is not None


def selected_part() -> str:
    """Which tests this run takes (``PYOMERO_TEST_PART``): ``database`` (those that use
    the run's database; on SQLite also the folders of :data:`BALANCED_INTO_DATABASE_PART`),
    ``others`` (the rest) or ``all``. On PostgreSQL the default is
    ``database``: the others would only repeat the SQLite pass, which runs beside it."""
    default = "database" if os.environ.get("PYOMERO_TEST_DB", "sqlite") == "postgresql" else "all"
    part = os.environ.get("PYOMERO_TEST_PART") or default
    if part not in {"database", "others", "all"}:
        raise pytest.UsageError(f"PYOMERO_TEST_PART={part!r}: use database, others or all")
    return part


TESTS = Path(__file__).resolve().parent

#: On SQLite, the folders whose tests join the ``database`` part whatever they use, so
#: that the two SQLite parts take about as long (the deployment tests start servers of
#: their own and are the slowest of the others).
BALANCED_INTO_DATABASE_PART = ("deploy",)


def in_database_part(item: pytest.Item) -> bool:
    if uses_run_database(item):
        return True
    if os.environ.get("PYOMERO_TEST_DB", "sqlite") == "postgresql":
        return False
    folder = Path(str(item.path)).relative_to(TESTS).parts[0]
    return folder in BALANCED_INTO_DATABASE_PART


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    part = selected_part()
    if part == "all":
        return
    wanted = part == "database"
    kept: list[pytest.Item] = []
    elsewhere: list[pytest.Item] = []
    for item in items:
        (kept if in_database_part(item) == wanted else elsewhere).append(item)
    if elsewhere:
        config.hook.pytest_deselected(items=elsewhere)
        items[:] = kept


def pytest_report_header(config: pytest.Config) -> str:
    database = "PostgreSQL" if os.environ.get("PYOMERO_TEST_DB") == "postgresql" else "SQLite"
    described = {
        "all": "every test",
        "database": "the tests that use the run's database",
        "others": "the tests that do not use the run's database",
    }
    return f"database: {database}; running {described[selected_part()]}"


@pytest.fixture
def personas(db: None) -> Personas:
    """The personas around a read-annotate group."""
    return make_personas()


@pytest.fixture
def root(db: None) -> Experimenter:
    """``root``, the full administrator ``omero db upgrade`` creates."""
    return do_bootstrap_root("root-password") or Experimenter.objects.get(ome_name="root")


@pytest.fixture
def root_ctx(root: Experimenter) -> EventContext:
    return event_context(root, ALL_GROUPS)


ClientFor = Callable[[str], Client]


@pytest.fixture
def client_for(personas: Personas) -> ClientFor:
    """``client_for("member")``: a test client signed in as that persona."""

    def make(persona: str) -> Client:
        client = Client()
        client.force_login(personas.user(persona))
        return client

    return make


@pytest.fixture
def owner(client_for: ClientFor) -> Client:
    """A test client signed in as the owner of the personas' data."""
    return client_for("owner")


@pytest.fixture
def owner_ctx(personas: Personas) -> EventContext:
    """The owner acting in the personas' read-annotate group."""
    return personas.ctx("owner", personas.group)


@pytest.fixture(scope="session")
def shared_directory() -> Iterator[Directory]:
    """A real OpenLDAP with the fixture people and groups, for tests that do not change it."""
    with openldap() as directory:
        yield directory


@pytest.fixture
def fresh_directory() -> Iterator[Directory]:
    """An OpenLDAP of this test's own, for tests that change entries."""
    with openldap() as directory:
        yield directory


UseDirectory = Callable[..., None]


@pytest.fixture
def use_directory(settings: Any) -> UseDirectory:
    """``use_directory(directory, new_user_group=":ou:")``: sign in through it.

    The failed-login throttle is set loose (OMERO's default throttles the second
    failure within 3 s), unless ``throttle`` (failures tolerated) is given.
    """

    def apply(directory: Directory, throttle: str = "1000", **overrides: str) -> None:
        current = settings.OMERO_CONFIG
        stored = {
            **current.stored,
            "omero.security.login_failure_throttle_count": throttle,
            **directory.settings(**overrides),
        }
        settings.OMERO_CONFIG = Config(stored, current.omerodir)

    return apply


@pytest.fixture
def live_db() -> Iterator[dict[str, str]]:
    """``omero.db.*`` keys for a live server on the run's database engine.

    SQLite: none (the server keeps its own file). PostgreSQL
    (``PYOMERO_TEST_DB=postgresql``): a database of its own, dropped afterwards.
    """
    if os.environ.get("PYOMERO_TEST_DB", "sqlite") != "postgresql":
        yield {}
        return
    import psycopg

    host = os.environ.get("PYOMERO_TEST_PG_HOST", "127.0.0.1")
    port = os.environ.get("PYOMERO_TEST_PG_PORT", "5432")
    user = os.environ.get("PYOMERO_TEST_PG_USER", "postgres")
    name = f"pyomero_live_{uuid.uuid4().hex[:12]}"
    dsn = f"host={host} port={port} user={user} dbname=postgres"
    try:
        with psycopg.connect(dsn, autocommit=True, connect_timeout=3) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        unavailable(f"PostgreSQL is not reachable at {host}:{port}: {exc}")
    try:
        yield {
            "omero.db.engine": "postgresql",
            "omero.db.name": name,
            "omero.db.host": host,
            "omero.db.port": port,
            "omero.db.user": user,
        }
    finally:
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
