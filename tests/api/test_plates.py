"""``m/plates/``: plate fields, field index range and links, filters, no delete."""

from __future__ import annotations

from pyomero.model.actions import do_create_plate

from .conftest import M, SignIn, World, data, names


def test_it_lists_plates_with_their_layout_and_links(world: World, sign_in: SignIn) -> None:
    (plate,) = data(sign_in("member").get(f"{M}plates/"))
    assert (plate["Rows"], plate["Columns"]) == (2, 3)
    assert plate["RowNamingConvention"] == "letter"
    assert plate["ColumnNamingConvention"] == "number"
    base = f"http://testserver{M}plates/{world.plate.pk}/"
    assert plate["url:plate"] == base
    assert plate["url:wells"] == f"{base}wells/"
    assert plate["url:screens"] == f"{base}screens/"
    assert plate["url:plateacquisitions"] == f"{base}plateacquisitions/"


def test_it_gives_one_plate_its_field_indices_and_their_wells(
    world: World, sign_in: SignIn
) -> None:
    plate = data(sign_in("owner").get(f"{M}plates/{world.plate.pk}/"))
    assert plate["omero:wellsampleIndex"] == [0, 1]
    base = f"http://testserver{M}plates/{world.plate.pk}/wellsampleindex"
    assert plate["url:wellsampleindex_wells"] == [f"{base}/0/wells/", f"{base}/1/wells/"]


def test_it_gives_an_empty_plate_no_index(world: World, sign_in: SignIn) -> None:
    people = world.people
    empty = do_create_plate(people.ctx("owner", people.group), "empty", rows=1, columns=1)
    plate = data(sign_in("owner").get(f"{M}plates/{empty.pk}/"))
    assert plate["omero:wellsampleIndex"] == []
    assert plate["url:wellsampleindex_wells"] == []


def test_it_filters_plates_by_screen_well_and_orphans(world: World, sign_in: SignIn) -> None:
    people = world.people
    do_create_plate(people.ctx("owner", people.group), "loose plate", rows=1, columns=1)
    client = sign_in("owner")
    well = world.plate.wells.first()
    assert names(client.get(f"{M}screens/{world.screen.pk}/plates/")) == ["plate"]
    assert names(client.get(f"{M}plates/?screen={world.screen.pk}")) == ["plate"]
    assert names(client.get(f"{M}wells/{well.pk}/plates/")) == ["plate"]
    assert names(client.get(f"{M}plates/?orphaned=true")) == ["loose plate"]


def test_it_does_not_delete_plates(world: World, sign_in: SignIn) -> None:
    assert sign_in("owner").delete(f"{M}plates/{world.plate.pk}/").status_code == 405
