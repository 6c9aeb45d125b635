"""Fixtures of the imaging tests: the personas' group and an owner's image with pixels."""

from __future__ import annotations

import pytest

from pyomero.model.context import EventContext
from pyomero.model.models import Image
from pyomero.testing.images import make_pixels_image


@pytest.fixture
def image(owner_ctx: EventContext) -> Image:
    """A 64 x 48 uint16 image with 2 channels, the owner's imported settings saved."""
    return make_pixels_image(owner_ctx)
