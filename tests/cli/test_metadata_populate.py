"""``omero metadata populate``: a CSV file becomes an OMERO.table on the object, with
well and plate names turned into ids as omero-metadata does."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyomero.imaging.tables import QueryRequest, query_table
from pyomero.model.actions import do_add_well_sample, do_create_plate, do_create_screen, do_link
from pyomero.model.context import event_context
from pyomero.model.models import Annotation, Well
from pyomero.testing.factories import make_image
from pyomero.testing.personas import Personas

from .conftest import Omero
from .import_fixtures import PASSWORD, cli_env

__all__ = ["cli_env"]

SCREEN_CSV = """Well,Plate,Drug,Concentration,Cell_Count,Treated
A1,plate01,DMSO,10.1,10,true
A2,plate01,DMSO,0.1,1000,false
B1,plate02,DrugX,12.3,50,true
"""


@pytest.fixture
def screen(cli_env: Personas):
    ctx = event_context(cli_env.owner, cli_env.group)
    made = do_create_screen(ctx, "screen")
    for name in ("plate01", "plate02"):
        do_link(ctx, made, do_create_plate(ctx, name, rows=2, columns=2))
    return made


def _populate(target: str, csv: Path) -> list[str]:
    return ["metadata", "populate", target, "--file", str(csv), "-u", "owner", "-w", PASSWORD]


def test_it_attaches_a_csv_to_a_screen(
    omero: Omero, cli_env: Personas, screen, tmp_path: Path
) -> None:
    (tmp_path / "screen.csv").write_text(SCREEN_CSV)
    result = omero(*_populate(f"Screen:{screen.pk}", tmp_path / "screen.csv"))
    assert result.code == 0, result.err
    annotation = Annotation.objects.get(pk=int(result.out.strip().split(":")[1]))
    assert annotation.ns == "openmicroscopy.org/omero/bulk_annotations"
    assert annotation.file.name == "screen.csv"
    ctx = event_context(cli_env.member, cli_env.group)
    found = query_table(ctx, annotation.file_id, QueryRequest("*"))
    assert found["data"]["columns"] == [
        "Well",
        "Plate",
        "Drug",
        "Concentration",
        "Cell_Count",
        "Treated",
        "Well Name",
        "Plate Name",
    ]
    assert found["data"]["column_types"] == [
        "WellColumn",
        "PlateColumn",
        "StringColumn",
        "DoubleColumn",
        "LongColumn",
        "BoolColumn",
        "StringColumn",
        "StringColumn",
    ]
    b1 = Well.objects.get(plate__name="plate02", row=1, column=0)
    assert found["data"]["rows"][2] == [
        b1.pk,
        b1.plate_id,
        "DrugX",
        12.3,
        50,
        True,
        "B1",
        "plate02",
    ]


def test_it_reads_a_header_row_and_image_names(
    omero: Omero, cli_env: Personas, tmp_path: Path
) -> None:
    ctx = event_context(cli_env.owner, cli_env.group)
    plate = do_create_plate(ctx, "p", rows=1, columns=1)
    image = make_image(ctx, "img-01.png")
    do_add_well_sample(ctx, plate.wells.get(), image)
    (tmp_path / "p.csv").write_text("# header s,s\nImage Name,Score\nimg-01.png,7\n")
    result = omero(*_populate(f"Plate:{plate.pk}", tmp_path / "p.csv"))
    assert result.code == 0, result.err
    annotation = Annotation.objects.get(pk=int(result.out.strip().split(":")[1]))
    found = query_table(ctx, annotation.file_id, QueryRequest(f"Image-{image.pk}"))
    assert found["data"]["rows"] == [["img-01.png", "7", image.pk]]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Well,Plate\nZ9,plate01\n", "well Z9 is not in plate 'plate01'"),
        ("Well,Plate\nA1,nowhere\n", "plate 'nowhere' is not in Screen"),
        ("# header l\nCount\nmany\n", "row 1 of column Count: 'many' is not a whole number"),
        ("a,b\n1\n", "line 2 has 1 cells for 2 columns"),
    ],
)
def test_it_refuses_a_csv_that_cannot_make_a_table(
    omero: Omero, cli_env: Personas, screen, tmp_path: Path, text: str, message: str
) -> None:
    (tmp_path / "bad.csv").write_text(text)
    result = omero(*_populate(f"Screen:{screen.pk}", tmp_path / "bad.csv"))
    assert result.code == 1
    assert result.err.startswith("omero metadata: ") and message in result.err
    assert len(result.err.splitlines()) == 1
    assert not Annotation.objects.filter(ns="openmicroscopy.org/omero/bulk_annotations").exists()


def test_it_refuses_an_object_the_user_cannot_see(
    omero: Omero, cli_env: Personas, screen, tmp_path: Path
) -> None:
    (tmp_path / "s.csv").write_text(SCREEN_CSV)
    args = ["metadata", "populate", f"Screen:{screen.pk}", "--file", str(tmp_path / "s.csv")]
    result = omero(*args, "-u", "outsider", "-w", PASSWORD)
    assert (result.code, result.err) == (1, f"omero metadata: Screen {screen.pk} not found\n")
