"""Fixtures shared by the whole suite: a database, the personas, root's context,
signed-in test clients per persona."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from pyomero.conf import Config
from pyomero.model.actions import do_bootstrap_root
from pyomero.model.context import ALL_GROUPS, EventContext, event_context
from pyomero.model.models import Experimenter
from pyomero.testing.openldap import Directory, openldap
from pyomero.testing.personas import Personas, make_personas


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
