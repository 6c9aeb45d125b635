"""The personas' clients, as OMERO's ``IWebTest`` makes them (CSRF enforced)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from tests.contracts.omeroweb import django_client

from pyomero.testing.personas import Personas


@pytest.fixture
def web(personas: Personas) -> Callable[[str], Client]:
    """``web("owner")``: a CSRF-enforcing client signed in as that persona."""
    return lambda persona: django_client(personas.user(persona))
