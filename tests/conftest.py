"""Fixtures shared by the whole suite: a database, the personas, root's context."""

from __future__ import annotations

import pytest

from pyomero.model.actions import do_bootstrap_root
from pyomero.model.context import ALL_GROUPS, EventContext, event_context
from pyomero.model.models import Experimenter
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
