"""Pixel values for OMERO.iviewer: ``get_intensity/`` (raw values around the cursor)
and ``shape_stats/`` (per-channel statistics under shapes), compared with the stored
synthetic pixels."""

from __future__ import annotations

import numpy as np
import pytest
from django.test import Client
from tests.conftest import ClientFor

from pyomero.model.models import Image, Roi
from pyomero.pixels.metadata import PixelType
from pyomero.pixels.synthetic import pattern

UINT16 = PixelType("uint16")


def test_it_answers_the_raw_values_around_a_point(owner: Client, image: Image) -> None:
    query = f"image={image.pk}&x=3&y=4&z=2&t=1&c=0,1"
    answer = owner.get(f"/iviewer/get_intensity/?{query}").json()
    # The point is near the corner: x 0..28 and y 0..29 (25 px each side, clipped).
    assert len(answer["pixels"]) == 29 * 30
    assert answer["count"] == 29 * 30 * 2
    for key, x, y in (("3-4", 3, 4), ("0-0", 0, 0), ("28-29", 28, 29)):
        values = answer["pixels"][key]
        assert values == {str(c): int(pattern(UINT16, 1, c, 2, y, x)) for c in (0, 1)}


@pytest.mark.parametrize(
    "query",
    ["x=64&y=0&z=0&t=0&c=0", "x=0&y=0&z=3&t=0&c=0", "x=0&y=0&z=0&t=0&c=2", "x=a&y=0&z=0&t=0&c=0"],
)
def test_it_refuses_a_point_outside_the_image(owner: Client, image: Image, query: str) -> None:
    assert owner.get(f"/iviewer/get_intensity/?image={image.pk}&{query}").status_code == 400


def test_it_measures_shapes_per_channel(owner: Client, image: Image, rois: list[Roi]) -> None:
    rectangle = rois[0].shapes.get()
    ids = f"{rois[0].pk}:{rectangle.pk}"
    answer = owner.get(f"/iviewer/shape_stats/?ids={ids}&z=0&t=0&cs=0,1").json()
    # The rectangle (2, 3, 4 x 5) is on Z=1, T=0 whatever plane is asked.
    ys, xs = np.mgrid[3:8, 2:6]
    expected = []
    for c in (0, 1):
        values = pattern(UINT16, 0, c, 1, ys, xs).astype(float)
        expected.append(
            {
                "index": c,
                "points": 20,
                "min": values.min(),
                "max": values.max(),
                "sum": values.sum(),
                "mean": pytest.approx(values.mean()),
                "std_dev": pytest.approx(values.std()),
            }
        )
    assert answer == {str(rectangle.pk): expected}


def test_it_answers_404_for_pixels_others_may_not_see(
    client_for: ClientFor, image: Image, rois: list[Roi]
) -> None:
    outsider = client_for("outsider")
    shape = rois[0].shapes.get()
    point = f"image={image.pk}&x=1&y=1&z=0&t=0&c=0"
    assert outsider.get(f"/iviewer/get_intensity/?{point}").status_code == 404
    assert outsider.get(f"/iviewer/shape_stats/?ids={shape.pk}&z=0&t=0").status_code == 404
    assert outsider.get(f"/iviewer/image_data/{image.pk}/").status_code == 404
    assert outsider.get(f"/iviewer/image_data/{image.pk}/delta_t/").status_code == 404
