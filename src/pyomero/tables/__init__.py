"""OMERO.tables: tables of typed columns kept as HDF5 files in OMERO's layout.

An OMERO.table is an HDF5 file written by PyTables (``/OME/Measurements``, with the
column classes in ``/OME/ColumnTypes`` and their descriptions in
``/OME/ColumnDescriptions``), attached to an object as a FileAnnotation (namespace
``openmicroscopy.org/omero/bulk_annotations`` for bulk annotations). Files written
here open in OMERO's table service and theirs open here. Queries are PyTables
conditions (``(Well==7)``, ``(SmallNumbers>=0.75)&(BigNumbers<350000.5)``).

Pure: no Django. :mod:`pyomero.tables.hdf5` is the one module that names PyTables.
"""

from __future__ import annotations

from pyomero.tables.columns import (
    ID_COLUMNS,
    TYPES,
    Column,
    TableError,
    TableFileError,
    TableInputError,
    TableQueryError,
)
from pyomero.tables.csvfile import CsvColumn, read_csv
from pyomero.tables.hdf5 import Table, open_table, write_table

__all__ = [
    "ID_COLUMNS",
    "TYPES",
    "Column",
    "CsvColumn",
    "Table",
    "TableError",
    "TableFileError",
    "TableInputError",
    "TableQueryError",
    "open_table",
    "read_csv",
    "write_table",
]
