"""OMERO.tables' HDF5 layout through PyTables, the library OMERO's table service uses:
the one module of pyomero that names it.

A table is the PyTables table ``/OME/Measurements`` (one HDF5 column per OMERO column,
its name the column's name); ``/OME/ColumnTypes`` holds each column's Ice type id
(``::omero::grid::WellColumn``) and ``/OME/ColumnDescriptions`` its description. The
table's attributes carry OMERO's ``__version`` (2) and ``__initialized`` (seconds since
the epoch) and the user's metadata.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import tables  # type: ignore[import-untyped]

from pyomero.tables.columns import (
    TYPES,
    Column,
    TableFileError,
    TableInputError,
    TableQueryError,
)

VERSION = "2"
TITLE = "OMERO HDF Measurement Storage"
ICE_PREFIX = "::omero::grid::"
_ARRAY_ATOMS = {"long[]": np.int64, "double[]": np.float64, "float[]": np.float32}


@contextmanager
def _quiet() -> Iterator[None]:
    """OMERO's column names need not be Python identifiers ("Well Name"): PyTables warns
    about each; such columns are kept and only cannot be named in a query."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tables.NaturalNameWarning)
        yield


def _width(column: Column, cells: Sequence[Any]) -> int:
    longest = max((len(str(cell).encode()) for cell in cells), default=0)
    if column.size and longest > column.size:
        raise TableInputError(f"a value of {column.name} is longer than {column.size} bytes")
    return max(1, column.size or longest)


def _array(column: Column, cells: Sequence[Any]) -> tuple[np.ndarray, Any]:
    """The cells of ``column`` as a numpy array, and its PyTables column description."""
    kind = column.kind
    try:
        if kind == "string":
            width = _width(column, cells)
            values = np.array([str(cell).encode() for cell in cells], dtype=f"S{width}")
            return values, tables.StringCol(itemsize=width)
        if kind == "double":
            floats = [np.nan if cell is None else float(cell) for cell in cells]
            return np.array(floats, dtype=np.float64), tables.Float64Col()
        if kind == "bool":
            return np.array([bool(cell) for cell in cells]), tables.BoolCol()
        if kind == "long":
            return np.array([int(cell) for cell in cells], dtype=np.int64), tables.Int64Col()
        atom = _ARRAY_ATOMS[kind]
        values = np.array(cells, dtype=atom).reshape(len(cells), column.size)
        return values, tables.Col.from_dtype(np.dtype((atom, (column.size,))))
    except (TypeError, ValueError) as exc:
        raise TableInputError(f"column {column.name}: {exc}") from None


def _check(columns: Sequence[Column], values: Sequence[Sequence[Any]]) -> None:
    if not columns:
        raise TableInputError("a table needs at least one column")
    if len(values) != len(columns):
        raise TableInputError("give one list of values per column")
    names = [column.name for column in columns]
    for column in columns:
        if not column.name or column.name.startswith("__"):
            raise TableInputError(f"reserved or empty column name: {column.name!r}")
        if column.type not in TYPES:
            raise TableInputError(f"unknown column type: {column.type}")
    if len(set(names)) != len(names):
        raise TableInputError("column names must differ")
    if len({len(cells) for cells in values}) > 1:
        raise TableInputError("columns are of differing length")


def write_table(
    path: Path,
    columns: Sequence[Column],
    values: Sequence[Sequence[Any]],
    metadata: Mapping[str, str | int | float] | None = None,
) -> None:
    """Write a new table at ``path``: ``values`` holds one sequence of cells per column."""
    _check(columns, values)
    for key in metadata or {}:
        if key.startswith("__"):
            raise TableInputError(f"reserved metadata name: {key}")
    arrays: list[np.ndarray] = []
    description: dict[str, Any] = {}
    for position, (column, cells) in enumerate(zip(columns, values, strict=True)):
        array, col = _array(column, cells)
        col._v_pos = position
        arrays.append(array)
        description[column.name] = col
    with _quiet(), tables.open_file(str(path), "w", title=TITLE) as h5:
        ome = h5.create_group("/", "OME")
        measurements = h5.create_table(ome, "Measurements", description)
        h5.create_array(
            ome, "ColumnTypes", np.array([f"{ICE_PREFIX}{c.type}".encode() for c in columns])
        )
        h5.create_array(
            ome, "ColumnDescriptions", np.array([c.description.encode() for c in columns])
        )
        if arrays and len(arrays[0]):
            records = np.empty(len(arrays[0]), dtype=measurements.dtype)
            for column, array in zip(columns, arrays, strict=True):
                records[column.name] = array
            measurements.append(records)
        for key, value in (metadata or {}).items():
            measurements.attrs[key] = value
        measurements.attrs["__version"] = VERSION
        measurements.attrs["__initialized"] = time.time()
        measurements.flush()


def _python(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, np.generic | np.ndarray):
        return _python(value.tolist())
    if isinstance(value, list | tuple):
        return [_python(item) for item in value]
    return value


def _text(value: Any) -> str:
    return value.decode("utf-8", errors="replace") if isinstance(value, bytes) else str(value)


class Table:
    """An open table: its columns, row count and metadata; queries and reads."""

    def __init__(self, h5: tables.File) -> None:
        try:
            ome = h5.root.OME
            self._measurements: tables.Table = ome.Measurements
            types = [_text(t).removeprefix(ICE_PREFIX) for t in ome.ColumnTypes[:]]
            descriptions = [_text(d) for d in ome.ColumnDescriptions[:]]
        except (tables.NoSuchNodeError, AttributeError, TypeError):
            raise TableFileError("the file is not an OMERO.table") from None
        names = list(self._measurements.colnames)
        if len(types) != len(names):
            raise TableFileError("the file's column types do not match its columns")
        self.columns = [
            Column(name, kind, description)
            for name, kind, description in zip(names, types, descriptions, strict=False)
        ]

    @property
    def row_count(self) -> int:
        return int(self._measurements.nrows)

    def metadata(self) -> dict[str, Any]:
        """The table's metadata, OMERO's ``__version`` and ``__initialized`` included."""
        attrs = self._measurements.attrs
        return {key: _python(attrs[key]) for key in attrs._v_attrnamesuser}

    def where(self, condition: str, start: int = 0, stop: int | None = None) -> list[int]:
        """The numbers of the rows in ``start:stop`` that meet ``condition``."""
        # PyTables reads a lone ``start`` as the one row ``start``: always give ``stop``.
        stop = self.row_count if stop is None else stop
        try:
            with _quiet():
                found = self._measurements.get_where_list(condition, start=start, stop=stop)
        except (NameError, SyntaxError, TypeError, ValueError, KeyError, NotImplementedError):
            raise TableQueryError(f"Error executing query: {condition}") from None
        return [int(row) for row in found]

    def read(self, column_indices: Sequence[int], rows: Sequence[int]) -> list[list[Any]]:
        """The cells of ``rows`` in each of the columns, one list per column."""
        out: list[list[Any]] = []
        for index in column_indices:
            name = self.columns[index].name
            if not rows:
                out.append([])
                continue
            cells = self._measurements.read_coordinates(np.asarray(rows, dtype=np.int64), name)
            out.append(_python(cells))
        return out


@contextmanager
def open_table(source: Path | bytes) -> Iterator[Table]:
    """The table stored at ``source`` (a path, or the file's bytes), open for reading
    until the block ends."""
    try:
        with _quiet():
            if isinstance(source, bytes):
                # HDF5's in-memory driver: the image is read, never written back.
                h5 = tables.open_file(
                    "table.h5",
                    "r",
                    driver="H5FD_CORE",
                    driver_core_image=source,
                    driver_core_backing_store=0,
                )
            else:
                h5 = tables.open_file(str(source), "r")
    except (tables.HDF5ExtError, OSError, ValueError):
        raise TableFileError("the file is not an OMERO.table") from None
    try:
        with _quiet():
            table = Table(h5)
        yield table
    finally:
        h5.close()
