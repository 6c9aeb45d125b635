"""``m/wells/``: by column then row, fields with images, by run and field index."""

from __future__ import annotations

from .conftest import M, SignIn, World, data


def test_it_orders_wells_by_column_then_row(world: World, sign_in: SignIn) -> None:
    wells = data(sign_in("member").get(f"{M}plates/{world.plate.pk}/wells/"))
    assert [(w["Column"], w["Row"]) for w in wells] == [
        (0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)
    ]  # fmt: skip


def test_it_lists_wells_with_their_fields_and_images(world: World, sign_in: SignIn) -> None:
    first = data(sign_in("owner").get(f"{M}wells/?plate={world.plate.pk}"))[0]
    assert first["url:well"] == f"http://testserver{M}wells/{first['@id']}/"
    assert first["url:plates"].endswith(f"/wells/{first['@id']}/plates/")
    samples = first["WellSamples"]
    assert [s["Image"]["Name"] for s in samples] == ["well 0 field 0", "well 0 field 1"]
    image = samples[0]["Image"]
    assert image["url:image"] == f"http://testserver{M}images/{image['@id']}/"
    assert "Pixels" not in image
    assert samples[0]["PlateAcquisition"]["Name"] == "run 1"


def test_it_lists_the_wells_of_one_field_index(world: World, sign_in: SignIn) -> None:
    url = f"{M}plates/{world.plate.pk}/wellsampleindex/1/wells/"
    wells = data(sign_in("owner").get(url))
    assert len(wells) == 2  # empty wells are left out
    for well in wells:
        (sample,) = well["WellSamples"]
        assert sample["Image"]["Name"].endswith("field 1")


def test_it_lists_the_wells_of_a_run(world: World, sign_in: SignIn) -> None:
    client = sign_in("owner")
    wells = data(client.get(f"{M}plateacquisitions/{world.run.pk}/wells/"))
    assert [len(w["WellSamples"]) for w in wells] == [2, 2]
    url = f"{M}plateacquisitions/{world.run.pk}/wellsampleindex/0/wells/"
    response = client.get(url)
    assert [len(w["WellSamples"]) for w in data(response)] == [1, 1]
    assert response.json()["meta"]["totalCount"] == 2


def test_it_gives_one_well_its_images_pixels(world: World, sign_in: SignIn) -> None:
    well_id = data(sign_in("owner").get(f"{M}plates/{world.plate.pk}/wells/"))[0]["@id"]
    well = data(sign_in("owner").get(f"{M}wells/{well_id}/"))
    image = well["WellSamples"][0]["Image"]
    assert image["Pixels"]["SizeX"] == 64
    assert image["url:image"].endswith(f"/images/{image['@id']}/")
    assert well["url:plates"].endswith(f"/wells/{well_id}/plates/")


def test_it_does_not_delete_wells(world: World, sign_in: SignIn) -> None:
    well = world.plate.wells.first()
    assert sign_in("owner").delete(f"{M}wells/{well.pk}/").status_code == 405
