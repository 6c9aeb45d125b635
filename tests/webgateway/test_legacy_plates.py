"""``plate/<pid>/[<field>/[<acquisition>/]]`` (OMERO's plate grid) and ``wellData/<wid>/``."""

from __future__ import annotations

import pytest
from django.test import Client
from tests.webgateway.helpers import url
from tests.webgateway.originals import configure

from pyomero.model.actions import (
    do_add_well_sample,
    do_create_plate,
    do_create_plate_acquisition,
)
from pyomero.model.context import EventContext
from pyomero.model.models import Plate, Well, WellSample
from pyomero.testing.factories import make_image


@pytest.fixture
def plate(owner_ctx: EventContext) -> Plate:
    """2 x 3 wells; B2 holds two fields, A1 one (in an acquisition)."""
    made = do_create_plate(owner_ctx, "screen plate", rows=2, columns=3)
    run = do_create_plate_acquisition(owner_ctx, made, "run 1")
    a1 = Well.objects.get(plate=made, row=0, column=0)
    b2 = Well.objects.get(plate=made, row=1, column=1)
    do_add_well_sample(owner_ctx, a1, make_image(owner_ctx, "A1 f0"), plate_acquisition=run)
    do_add_well_sample(owner_ctx, b2, make_image(owner_ctx, "B2 f0"))
    do_add_well_sample(owner_ctx, b2, make_image(owner_ctx, "B2 f1"), index=1)
    WellSample.objects.filter(well=b2, index=0).update(pos_x=1.5, pos_y=-2.0)
    return made


def grid(client: Client, plate: Plate, *path: int, **query: str):
    return client.get(url("webgateway_plategrid_json", plate.pk, *path), query)


def test_it_answers_the_grid_of_the_first_field(owner: Client, plate: Plate) -> None:
    response = grid(owner, plate, layout="trim")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    found = response.json()
    assert found["rowlabels"] == ["A", "B"] and found["collabels"] == [1, 2, 3]
    cells = [[cell and cell["name"] for cell in row] for row in found["grid"]]
    assert cells == [["A1 f0", None, None], [None, "B2 f0", None]]
    b2 = found["grid"][1][1]
    well = Well.objects.get(plate=plate, row=1, column=1)
    assert b2["wellId"] == well.pk and b2["field"] == 0 and b2["type"] == "Image"
    assert b2["author"] == "Owner Person" and isinstance(b2["date"], int)
    assert b2["thumb_url"] == url("webgateway_render_thumbnail", b2["id"])


def test_it_answers_another_field_and_thumbnail_size(owner: Client, plate: Plate) -> None:
    found = grid(owner, plate, 1, size="64").json()
    b2 = found["grid"][1][1]
    assert b2["name"] == "B2 f1" and b2["field"] == 1
    assert b2["thumb_url"] == url("webgateway_render_thumbnail", b2["id"], 64)
    assert found["grid"][0][0] is None


def test_it_keeps_to_one_acquisition(owner: Client, plate: Plate) -> None:
    run = plate.acquisitions.get()
    cells = grid(owner, plate, 0, run.pk).json()["grid"]
    assert [c["name"] for row in cells for c in row if c] == ["A1 f0"]


def test_it_expands_and_shrinks_the_layout(
    owner: Client, owner_ctx: EventContext, plate: Plate
) -> None:
    expanded = grid(owner, plate, layout="expand").json()
    assert len(expanded["rowlabels"]) == 8 and len(expanded["collabels"]) == 12
    sparse = do_create_plate(owner_ctx, "sparse", rows=0, columns=0)
    for row, column in ((1, 2), (3, 4)):
        Well.objects.create(
            plate=sparse, row=row, column=column, owner=sparse.owner, group=sparse.group
        )
    d3 = Well.objects.get(plate=sparse, row=3, column=4)
    do_add_well_sample(owner_ctx, d3, make_image(owner_ctx, "D5 f1"), index=1)
    shrunk = grid(owner, sparse, 1, layout="shrink").json()
    # over all the wells, not only those with an image in field 1 (as OMERO)
    assert shrunk["rowlabels"] == ["B", "C", "D"] and shrunk["collabels"] == [3, 4, 5]
    assert shrunk["grid"][2][2]["name"] == "D5 f1"
    trimmed = grid(owner, sparse, 1, layout="trim").json()
    assert trimmed["rowlabels"] == ["A", "B", "C", "D"] and trimmed["collabels"] == [1, 2, 3, 4, 5]


def test_it_lays_out_by_omero_web_plate_layout(owner: Client, plate: Plate, settings) -> None:
    """No ``layout=`` (or an unknown one): ``omero.web.plate_layout``, ``expand`` by default."""
    found = grid(owner, plate).json()
    assert len(found["rowlabels"]) == 8 and len(found["collabels"]) == 12
    configure(settings, **{"omero.web.plate_layout": "trim"})
    found = grid(owner, plate, layout="sideways").json()
    assert found["rowlabels"] == ["A", "B"] and found["collabels"] == [1, 2, 3]


def test_it_expands_a_large_plate_to_a_multiple_of_8_by_12(
    owner: Client, owner_ctx: EventContext
) -> None:
    made = do_create_plate(owner_ctx, "384", rows=10, columns=13)
    found = grid(owner, made).json()
    assert len(found["rowlabels"]) == 16 and len(found["collabels"]) == 24


def test_it_names_rows_and_columns_by_the_plates_conventions(
    owner: Client, owner_ctx: EventContext
) -> None:
    made = do_create_plate(
        owner_ctx,
        "p",
        rows=2,
        columns=28,
        row_naming_convention="number",
        column_naming_convention="letter",
    )
    found = grid(owner, made, layout="trim").json()
    assert found["rowlabels"] == [1, 2] and found["collabels"][25:] == ["Z", "AA", "AB"]


def test_it_lists_a_wells_images_with_their_positions(owner: Client, plate: Plate) -> None:
    well = Well.objects.get(plate=plate, row=1, column=1)
    response = owner.get(url("webgateway_wellData_json", well.pk))
    assert response.status_code == 200
    found = response.json()
    assert [i["name"] for i in found] == ["B2 f0", "B2 f1"]
    assert found[0]["position"] == {
        "x": {"value": 1.5, "unit": "REFERENCEFRAME"},
        "y": {"value": -2.0, "unit": "REFERENCEFRAME"},
    }
    assert "position" not in found[1]
    assert found[0]["thumb_url"] == url("webgateway_render_thumbnail", found[0]["id"])


@pytest.mark.parametrize(("persona", "status"), [("member", 200), ("outsider", 404)])
def test_it_answers_who_sees_the_plate(client_for, plate: Plate, persona: str, status) -> None:
    client = client_for(persona)
    well = Well.objects.get(plate=plate, row=0, column=0)
    assert grid(client, plate).status_code == status
    assert client.get(url("webgateway_wellData_json", well.pk)).status_code == status


def test_it_sends_anonymous_visitors_to_the_login_page(plate: Plate) -> None:
    response = grid(Client(), plate)
    assert response.status_code == 302 and "/login/" in response["Location"]
