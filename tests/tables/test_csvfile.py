"""CSV files as ``omero metadata populate`` reads them: a ``# header`` row, or types
known from the column names and values."""

from __future__ import annotations

import pytest

from pyomero.tables import TableInputError, read_csv


def test_it_detects_types_from_names_and_values() -> None:
    columns = read_csv("Well,Plate Name,Image ID,Dose,Count,Flag,Note\nA1,p,3,0.5,2,true,x\n")
    assert [c.header for c in columns] == ["well", "plate", "image", "d", "l", "b", "s"]
    assert columns[3].values() == [0.5] and columns[2].values() == [3]


def test_a_column_with_a_missing_value_is_text() -> None:
    (column,) = read_csv("Dose\n0.5\n\n \n")[0:1]
    assert column.header == "d"  # blank lines are skipped
    assert read_csv("Dose,x\n0.5,a\n,b\n")[0].header == "s"


def test_it_obeys_the_header_row() -> None:
    columns = read_csv("# header s,d,b\nName,Value,Ok\n1,2,no\n")
    assert [c.header for c in columns] == ["s", "d", "b"]
    assert [c.values() for c in columns] == [["1"], [2.0], [False]]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# header x\nA\n1\n",
        "# header s,s\nA\n1\n",
        "A,A\n1,2\n",
        "A,B\n1\n",
        "# header l\nA\nx\n",
    ],
)
def test_it_refuses_a_file_that_makes_no_table(text: str) -> None:
    with pytest.raises(TableInputError):
        for column in read_csv(text):
            column.values()
