"""Fixtures of the OMERO.iviewer tests: signed-in clients, a Z-stack with ROIs."""

from __future__ import annotations

import pytest

from pyomero.model.actions import do_save_roi
from pyomero.model.context import EventContext
from pyomero.model.models import Image, Roi
from pyomero.testing.images import make_pixels_image


@pytest.fixture
def image(owner_ctx: EventContext) -> Image:
    """The owner's 64 x 48 x 3 Z uint16 image, 2 channels, 2 time points."""
    return make_pixels_image(owner_ctx, "stack.tif", size_z=3, size_t=2)


@pytest.fixture
def rois(owner_ctx: EventContext, image: Image) -> list[Roi]:
    """A rectangle on Z=1 T=0, an ellipse on every plane, a point on Z=2 every T."""
    return [
        do_save_roi(
            owner_ctx,
            image,
            [
                {
                    "kind": "Rectangle",
                    "x": 2,
                    "y": 3,
                    "width": 4,
                    "height": 5,
                    "the_z": 1,
                    "the_t": 0,
                }
            ],
        ),
        do_save_roi(
            owner_ctx, image, [{"kind": "Ellipse", "x": 20, "y": 20, "radius_x": 3, "radius_y": 2}]
        ),
        do_save_roi(owner_ctx, image, [{"kind": "Point", "x": 9, "y": 9, "the_z": 2}]),
    ]
