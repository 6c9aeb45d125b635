"""Fixtures of the /webgateway/ tests: signed-in clients per persona, an image with pixels."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from pyomero.model.context import EventContext
from pyomero.model.models import Image
from pyomero.testing.images import make_pixels_image
from pyomero.testing.personas import Personas

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
    return client_for("owner")


@pytest.fixture
def owner_ctx(personas: Personas) -> EventContext:
    return personas.ctx("owner", personas.group)


@pytest.fixture
def image(owner_ctx: EventContext) -> Image:
    """The owner's 64 x 48 uint16 image with 2 channels (DAPI, GFP), settings saved."""
    return make_pixels_image(owner_ctx)
