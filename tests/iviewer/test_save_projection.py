"""``iviewer/save_projection/``: a Z projection saved as a new single-plane image."""

from __future__ import annotations

import numpy as np
from django.test import Client
from tests.conftest import ClientFor

from pyomero.imaging import load_image, open_pixels
from pyomero.model.actions import do_create_dataset
from pyomero.model.context import EventContext
from pyomero.model.models import Image
from pyomero.testing.images import synthetic_plane

AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def test_it_saves_a_max_projection_as_a_new_image_in_the_dataset(
    owner: Client, owner_ctx: EventContext, image: Image
) -> None:
    dataset = do_create_dataset(owner_ctx, "projections")
    query = f"image={image.pk}&projection=intmax&start=0&end=1&dataset={dataset.pk}"
    answer = owner.get(f"/iviewer/save_projection/?{query}", **AJAX)
    assert answer.status_code == 200
    projected = Image.objects.get(pk=answer.json()["id"])
    assert projected.name == "stack_proj.tif"
    assert "Projection Type: intmax" in projected.description
    assert "z-sections: 1-2" in projected.description
    assert list(projected.dataset_links.values_list("parent_id", flat=True)) == [dataset.pk]
    pixels = projected.pixels
    assert (pixels.size_z, pixels.size_c, pixels.size_t) == (1, 2, 2)
    stored = open_pixels(pixels).read_plane(0, 1, 1, 0)
    expected = np.maximum(
        synthetic_plane(image, c=1, z=0, t=1), synthetic_plane(image, c=1, z=1, t=1)
    )
    assert np.array_equal(stored, expected)
    assert load_image(owner_ctx, projected.pk).current.settings.channels[1].color == (
        load_image(owner_ctx, image.pk).current.settings.channels[1].color
    )


def test_it_refuses_projections_from_elsewhere_and_of_unknown_kind(
    owner: Client, client_for: ClientFor, image: Image
) -> None:
    query = f"image={image.pk}&projection=intmax&start=0&end=2"
    assert owner.get(f"/iviewer/save_projection/?{query}").status_code == 403
    bad = f"image={image.pk}&projection=normal&start=0&end=2"
    assert owner.get(f"/iviewer/save_projection/?{bad}", **AJAX).status_code == 400
    outsider = client_for("outsider")
    assert outsider.get(f"/iviewer/save_projection/?{query}", **AJAX).status_code == 404
    assert Image.objects.count() == 1
