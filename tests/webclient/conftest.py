"""Fixtures of the webclient tests: the personas' data and signed-in clients."""

from __future__ import annotations

import pytest
from django.test import Client
from tests.webclient.helpers import SignedIn, Tree

from pyomero.testing.factories import make_tree
from pyomero.testing.personas import Personas


@pytest.fixture
def tree(personas: Personas) -> Tree:
    """The owner's project > dataset > two images, in the read-annotate group."""
    project, dataset, images = make_tree(personas.ctx("owner", personas.group))
    return Tree(project, dataset, images)


@pytest.fixture
def signed_in(personas: Personas) -> SignedIn:
    """``signed_in("member")``: a client signed in as that persona."""

    def sign_in(persona: str) -> Client:
        client = Client()
        client.force_login(personas.user(persona))
        return client

    return sign_in
