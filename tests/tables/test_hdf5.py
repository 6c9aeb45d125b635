"""OMERO.tables' HDF5 layout: what pyomero writes is what OMERO's table service reads
(checked with PyTables directly), and a query is a PyTables condition."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import tables as pytables

from pyomero.tables import (
    Column,
    TableFileError,
    TableInputError,
    TableQueryError,
    open_table,
    write_table,
)

COLUMNS = [
    Column("Image", "ImageColumn"),
    Column("Well Name", "StringColumn", "the well"),
    Column("Area", "DoubleColumn"),
    Column("Ok", "BoolColumn"),
    Column("Vector", "LongArrayColumn", size=2),
]
VALUES = [
    [7, 8, 9],
    ["A1", "B2", "Ü3"],
    [1.5, None, 3.0],
    [True, False, True],
    [[1, 2], [3, 4], [5, 6]],
]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    where = tmp_path / "t.h5"
    write_table(where, COLUMNS, VALUES, {"source": "test"})
    return where


def test_it_writes_omeros_layout(path: Path) -> None:
    with pytables.open_file(str(path)) as h5:
        measurements = h5.root.OME.Measurements
        assert measurements.colnames == ["Image", "Well Name", "Area", "Ok", "Vector"]
        assert h5.root.OME.ColumnTypes[:].tolist()[0] == b"::omero::grid::ImageColumn"
        assert h5.root.OME.ColumnDescriptions[:].tolist()[1] == b"the well"
        assert measurements.attrs["__version"] == "2"
        assert measurements.attrs["source"] == "test"
        assert measurements.nrows == 3


def test_it_reads_columns_cells_and_metadata(path: Path) -> None:
    with open_table(path) as table:
        assert [c.type for c in table.columns] == [c.type for c in COLUMNS]
        assert table.columns[1].description == "the well"
        assert table.row_count == 3
        image, name, area, ok, vector = table.read(range(5), [0, 1, 2])
        assert (image, name, ok, vector) == (
            [7, 8, 9],
            ["A1", "B2", "Ü3"],
            [True, False, True],
            VALUES[4],
        )
        assert area[0] == 1.5 and math.isnan(area[1])
        assert table.metadata()["source"] == "test"


@pytest.mark.parametrize(
    ("condition", "rows"),
    [("Image>7", [1, 2]), ("(Image==9)|(Area<2)", [0, 2]), ("Ok", [0, 2]), ("Image<0", [])],
)
def test_it_runs_pytables_conditions(path: Path, condition: str, rows: list[int]) -> None:
    with open_table(path) as table:
        assert table.where(condition) == rows


@pytest.mark.parametrize("condition", ["Nothing>1", "Image>", "__import__('os')", "Image.sum()"])
def test_it_refuses_a_condition_it_cannot_run(path: Path, condition: str) -> None:
    with open_table(path) as table, pytest.raises(TableQueryError):
        table.where(condition)


def test_it_refuses_a_file_that_is_no_table(tmp_path: Path) -> None:
    (tmp_path / "x.h5").write_bytes(b"plain text")
    with pytest.raises(TableFileError), open_table(tmp_path / "x.h5"):
        pass


@pytest.mark.parametrize(
    ("columns", "values"),
    [
        ([Column("a", "LongColumn"), Column("b", "LongColumn")], [[1], [1, 2]]),
        ([Column("a", "NoColumn")], [[1]]),
        ([Column("__a", "LongColumn")], [[1]]),
        ([Column("a", "LongColumn")], [["x"]]),
        ([Column("a", "StringColumn", size=2)], [["long"]]),
    ],
)
def test_it_refuses_columns_that_make_no_table(tmp_path: Path, columns, values) -> None:
    with pytest.raises(TableInputError):
        write_table(tmp_path / "bad.h5", columns, values)
