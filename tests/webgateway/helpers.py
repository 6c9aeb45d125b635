"""Helpers of the /webgateway/ tests: URLs, and what a rendered image should be (the
renderer run on the synthetic planes directly)."""

from __future__ import annotations

from typing import Any

import numpy as np
from django.urls import reverse

from pyomero.imaging.rendering_defs import imported_settings
from pyomero.model.models import Image
from pyomero.rendering import Projection, apply_query, parse_query, project, render
from pyomero.testing.images import pixels_of, synthetic_plane


def expected_rgb(image: Image, z: int = 0, t: int = 0, **query: Any) -> np.ndarray:
    """The RGB image of plane (z, t) with the image's imported settings and ``query``."""
    pixels = pixels_of(image)
    settings = apply_query(imported_settings(pixels), parse_query(query))
    planes = {}
    for c in settings.rendered_channels:
        if settings.projection is Projection.NORMAL:
            planes[c] = synthetic_plane(image, c, z, t)
        else:
            stack = np.stack([synthetic_plane(image, c, zz, t) for zz in range(pixels.size_z)])
            first = settings.projection_start or 0
            last = pixels.size_z - 1 if settings.projection_end is None else settings.projection_end
            planes[c] = project(stack[first : last + 1], settings.projection)
    return np.asarray(render(planes, settings, shape=(pixels.size_y, pixels.size_x)))


def url(name: str, *args: Any) -> str:
    return reverse(f"webgateway:{name}", args=[str(a) for a in args])
