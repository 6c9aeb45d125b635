"""Rendering use cases: whole planes, regions and tiles, compared as arrays."""

from __future__ import annotations

import numpy as np
import pytest

from pyomero.imaging import render_image, render_image_region
from pyomero.imaging.rendering_defs import imported_settings
from pyomero.model.models import Image
from pyomero.rendering import decode, parse_query, render
from pyomero.testing.images import pixels_of, synthetic_plane
from pyomero.testing.personas import Personas


def expected_rgb(image: Image, **query: str) -> np.ndarray:
    from pyomero.rendering import apply_query

    settings = apply_query(imported_settings(pixels_of(image)), parse_query(query))
    planes = {c: synthetic_plane(image, c) for c in settings.rendered_channels}
    return np.asarray(render(planes, settings))


def test_it_renders_the_whole_plane_as_the_settings_say(image: Image, owner_ctx) -> None:
    done = render_image(owner_ctx, image.pk, parse_query({"format": "png"}))
    assert done.content_type == "image/png"
    assert np.array_equal(decode(done.body), expected_rgb(image))


def test_it_renders_a_region(image: Image, owner_ctx) -> None:
    query = {"region": "8,4,20,10", "format": "png", "c": "1|0:9000$FF0000,-2"}
    done = render_image_region(owner_ctx, image.pk, parse_query(query), 0, 0)
    full = expected_rgb(image, c="1|0:9000$FF0000,-2")
    assert np.array_equal(decode(done.body), full[4:14, 8:28])


def test_it_answers_not_modified_for_a_known_etag(image: Image, owner_ctx) -> None:
    first = render_image(owner_ctx, image.pk, parse_query({}))
    again = render_image(owner_ctx, image.pk, parse_query({}), if_none_match={first.etag})
    assert again.not_modified and again.etag == first.etag


def test_it_hides_images_of_other_groups(image: Image, personas: Personas) -> None:
    from pyomero.model.errors import ObjectNotFoundError

    with pytest.raises(ObjectNotFoundError):
        render_image(personas.ctx("outsider"), image.pk, parse_query({}))
