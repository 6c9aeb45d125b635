"""Columns of an OMERO.table, by the names of OMERO's ``omero.grid`` column classes,
and the errors of this package."""

from __future__ import annotations

from dataclasses import dataclass

#: OMERO's column classes -> the kind of value a cell holds.
TYPES: dict[str, str] = {
    "LongColumn": "long",
    "DoubleColumn": "double",
    "BoolColumn": "bool",
    "StringColumn": "string",
    "FileColumn": "long",
    "ImageColumn": "long",
    "RoiColumn": "long",
    "WellColumn": "long",
    "PlateColumn": "long",
    "DatasetColumn": "long",
    "LongArrayColumn": "long[]",
    "DoubleArrayColumn": "double[]",
    "FloatArrayColumn": "float[]",
}

#: The columns whose cells are OMERO object ids.
ID_COLUMNS = frozenset(
    {"FileColumn", "ImageColumn", "RoiColumn", "WellColumn", "PlateColumn", "DatasetColumn"}
)


@dataclass(frozen=True)
class Column:
    """One column: its name, OMERO class (``WellColumn``...), description, and for a
    StringColumn its width in UTF-8 bytes (for an array column, its length)."""

    name: str
    type: str
    description: str = ""
    size: int = 0

    @property
    def kind(self) -> str:
        return TYPES[self.type]


class TableError(Exception):
    """Base of this package's errors: each carries its HTTP status and a stable code."""

    status = 400
    code = "table_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TableFileError(TableError):
    """The file is not an OMERO.table (not HDF5, or not in OMERO's layout)."""

    code = "not_a_table"


class TableQueryError(TableError):
    """A condition PyTables cannot evaluate on this table."""

    code = "bad_query"


class TableInputError(TableError):
    """Columns or values that cannot make a table (unknown type, unequal lengths...)."""

    code = "invalid_table"
