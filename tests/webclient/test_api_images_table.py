"""``api/images/?sizeXYZ=true&date=true``: what the table view shows, at a fixed cost."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.webclient.helpers import SignedIn, Tree

from pyomero.model.actions import do_link
from pyomero.testing.factories import make_image
from pyomero.testing.personas import Personas


def test_it_adds_sizes_dates_and_owner_names(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    url = f"/webclient/api/images/?id={tree.dataset.pk}&sizeXYZ=true&date=true"
    first = signed_in("member").get(url).json()["images"][0]
    pixels = tree.images[0].pixels
    assert (first["sizeX"], first["sizeY"], first["sizeZ"]) == (
        pixels.size_x,
        pixels.size_y,
        pixels.size_z,
    )
    assert first["date"].startswith(str(tree.images[0].created.year))
    assert first["ownerName"] == personas.user("owner").get_full_name()


def test_it_costs_the_same_queries_whatever_the_number_of_images(
    personas: Personas, tree: Tree, signed_in: SignedIn
) -> None:
    client = signed_in("owner")
    url = f"/webclient/api/images/?id={tree.dataset.pk}&sizeXYZ=true&date=true"
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    ctx = personas.ctx("owner", personas.group)
    for i in range(5):
        do_link(ctx, tree.dataset, make_image(ctx, f"more {i}.tif"))
    with CaptureQueriesContext(connection) as seven:
        assert len(client.get(url).json()["images"]) == 7
    assert len(seven.captured_queries) == len(two.captured_queries)
