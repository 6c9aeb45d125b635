"""Fixtures of the OMERO.figure tests: the app installed, an image with ROIs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from importlib.util import find_spec

import pytest
from django.conf import settings
from django.test import override_settings

from pyomero.model.actions import do_save_roi
from pyomero.model.context import EventContext
from pyomero.model.models import Image
from pyomero.testing.images import make_pixels_image

FIGURE_APPS = [*settings.INSTALLED_APPS, "omero_figure"]


def require_figure() -> None:
    if find_spec("omero_figure") is None:
        reason = "omero-figure is not installed (pip install --no-deps omero-figure)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {reason}")
        pytest.skip(reason)


@pytest.fixture
def figure_installed() -> Iterator[None]:
    """``omero_figure`` in ``omero.web.apps`` (skipped when the package is missing)."""
    require_figure()
    with override_settings(INSTALLED_APPS=FIGURE_APPS):
        yield


@pytest.fixture
def image(owner_ctx: EventContext) -> Image:
    """The owner's 64 x 48 image, 3 Z, 2 channels, 2 T, with a rectangle and a point."""
    found = make_pixels_image(owner_ctx, "stack.tif", size_z=3, size_t=2)
    do_save_roi(
        owner_ctx,
        found,
        [
            {"kind": "Rectangle", "x": 2, "y": 3, "width": 4, "height": 5},
            {"kind": "Point", "x": 9, "y": 9},
        ],
    )
    do_save_roi(owner_ctx, found, [{"kind": "Point", "x": 1, "y": 1}])
    return found
