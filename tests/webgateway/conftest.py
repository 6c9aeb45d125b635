"""Fixtures of the /webgateway/ tests: signed-in clients per persona, an image with pixels."""

from __future__ import annotations

import pytest

from pyomero.model.context import EventContext
from pyomero.model.models import Image
from pyomero.testing.images import make_pixels_image


@pytest.fixture
def image(owner_ctx: EventContext) -> Image:
    """The owner's 64 x 48 uint16 image with 2 channels (DAPI, GFP), settings saved."""
    return make_pixels_image(owner_ctx)
