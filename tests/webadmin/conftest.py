"""Fixtures of the webadmin tests: signed-in clients and the audit trail's length."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from pyomero.model.models import Experimenter
from pyomero.testing.personas import Personas

SignedIn = Callable[[Experimenter | str], Client]


@pytest.fixture
def signed_in(personas: Personas) -> SignedIn:
    """``signed_in("member")`` or ``signed_in(user)``: a client signed in as them."""

    def sign_in(who: Experimenter | str) -> Client:
        client = Client()
        client.force_login(personas.user(who) if isinstance(who, str) else who)
        return client

    return sign_in
