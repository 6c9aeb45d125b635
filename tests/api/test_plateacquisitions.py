"""Plate acquisitions (runs): the runs of a plate, one run, their field indices."""

from __future__ import annotations

from pyomero.model.models import PlateAcquisition

from .conftest import M, SignIn, World, data


def test_it_lists_the_runs_of_a_plate_with_their_field_indices(
    world: World, sign_in: SignIn
) -> None:
    (run,) = data(sign_in("member").get(f"{M}plates/{world.plate.pk}/plateacquisitions/"))
    assert run["Name"] == "run 1"
    assert run["@type"].endswith("2016-06#PlateAcquisition")
    assert run["url:plateacquisition"] == f"http://testserver{M}plateacquisitions/{world.run.pk}/"
    assert run["omero:wellsampleIndex"] == [0, 1]
    assert run["url:wellsampleindex_wells"][1].endswith(
        f"/plateacquisitions/{world.run.pk}/wellsampleindex/1/wells/"
    )


def test_it_gets_and_deletes_one_run(world: World, sign_in: SignIn) -> None:
    client = sign_in("owner")
    assert data(client.get(f"{M}plateacquisitions/{world.run.pk}/"))["Name"] == "run 1"
    assert client.delete(f"{M}plateacquisitions/{world.run.pk}/").status_code == 200
    assert not PlateAcquisition.objects.filter(pk=world.run.pk).exists()
