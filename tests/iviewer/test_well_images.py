"""``iviewer/well_images/?id=``: the images of a well's fields, for the thumbnail strip."""

from __future__ import annotations

from django.test import Client
from tests.conftest import ClientFor

from pyomero.model.actions import do_add_well_sample, do_create_plate
from pyomero.model.context import EventContext
from pyomero.model.models import Image, Well
from pyomero.testing.images import make_pixels_image


def make_well(ctx: EventContext, images: list[Image]) -> Well:
    plate = do_create_plate(ctx, "plate", rows=1, columns=1)
    well = plate.wells.get()
    for index, image in enumerate(images):
        do_add_well_sample(ctx, well, image, index=index)
    return well


def test_it_lists_the_images_of_a_well_by_field(owner: Client, owner_ctx: EventContext) -> None:
    images = [make_pixels_image(owner_ctx, f"field{n}.tif") for n in range(3)]
    well = make_well(owner_ctx, images)
    answer = owner.get(f"/iviewer/well_images/?id={well.pk}&offset=1&limit=5").json()
    assert answer == {
        "data": [
            {"@id": images[1].pk, "Name": "field1.tif"},
            {"@id": images[2].pk, "Name": "field2.tif"},
        ],
        "meta": {"totalCount": 3},
    }


def test_it_answers_404_for_a_well_others_may_not_see(
    client_for: ClientFor, owner_ctx: EventContext
) -> None:
    well = make_well(owner_ctx, [make_pixels_image(owner_ctx)])
    assert client_for("outsider").get(f"/iviewer/well_images/?id={well.pk}").status_code == 404
    assert client_for("owner").get("/iviewer/well_images/").status_code == 400
