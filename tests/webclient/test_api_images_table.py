"""``api/images/?sizeXYZ=true&date=true``: what the table view shows, at a fixed cost."""

from __future__ import annotations

from tests.webclient.helpers import SignedIn, Tree

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
