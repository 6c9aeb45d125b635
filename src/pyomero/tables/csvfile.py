"""CSV files for tables, as ``omero metadata populate`` reads them: an optional first
row ``# header <type>,<type>,...`` (``s`` string, ``d`` double, ``l`` long, ``b`` bool,
or an object: ``image``, ``dataset``, ``plate``, ``well``, ``roi``); without it, object
columns are known by their names (``Image``, ``Image ID``, ``Well``, ``Plate Name``...)
and the others by their values."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Any

from pyomero.tables.columns import TableInputError

SCALARS = {"s", "d", "l", "b"}
OBJECTS = {"image", "dataset", "plate", "well", "roi"}
#: A column name (lower case, no separators) -> its header type when none is given:
#: ids for images, datasets and ROIs, names for plates and wells (omero-metadata's table).
NAMED = {
    "image": "image",
    "imageid": "image",
    "dataset": "dataset",
    "datasetid": "dataset",
    "roi": "roi",
    "roiid": "roi",
    "plate": "plate",
    "platename": "plate",
    "well": "well",
    "wellname": "well",
    "plateid": "l",
    "wellid": "l",
}
TRUE, FALSE = {"true", "yes", "t", "1"}, {"false", "no", "f", "0"}


@dataclass(frozen=True)
class CsvColumn:
    """A column of the file: its name, header type and cells as written."""

    name: str
    header: str
    cells: tuple[str, ...]

    def values(self) -> list[Any]:
        """The cells as the header type says (ints for object ids)."""
        convert = {"d": _double, "b": _bool}.get(self.header, _long)
        if self.header in ("s", "plate", "well"):
            return list(self.cells)
        out = []
        for row, cell in enumerate(self.cells, start=1):
            try:
                out.append(convert(cell))
            except ValueError:
                raise TableInputError(
                    f"row {row} of column {self.name}: {cell!r} is not a {self.header_name}"
                ) from None
        return out

    @property
    def header_name(self) -> str:
        return {"d": "number", "b": "true or false"}.get(self.header, "whole number")


def _long(cell: str) -> int:
    return int(cell.strip())


def _double(cell: str) -> float:
    return float(cell.strip()) if cell.strip() else float("nan")


def _bool(cell: str) -> bool:
    word = cell.strip().lower()
    if word in TRUE:
        return True
    if word in FALSE:
        return False
    raise ValueError(cell)


def _key(name: str) -> str:
    return re.sub(r"[\s_]+", "", name.lower())


def _detect(cells: list[str]) -> str:
    if not cells or any(not cell.strip() for cell in cells):
        return "s"
    for header, convert in (("l", _long), ("d", _double), ("b", _bool)):
        try:
            for cell in cells:
                convert(cell)
        except ValueError:
            continue
        return header
    return "s"


def read_csv(text: str) -> list[CsvColumn]:
    """The columns of a CSV file's text (names in its first row, after any header row)."""
    rows = [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    headers: list[str] | None = None
    if rows and rows[0] and rows[0][0].lstrip().startswith("# header"):
        first = rows.pop(0)
        headers = [first[0].lstrip().removeprefix("# header").strip(), *first[1:]]
        headers = [h.strip().lower() for h in headers]
    if not rows:
        raise TableInputError("the CSV file has no column names")
    names = [name.strip() for name in rows[0]]
    body = rows[1:]
    if any(not name for name in names) or len(set(names)) != len(names):
        raise TableInputError("every column needs a name of its own")
    if headers is not None and len(headers) != len(names):
        raise TableInputError(
            f"the # header row names {len(headers)} types for {len(names)} columns"
        )
    for number, row in enumerate(body, start=2):
        if len(row) != len(names):
            raise TableInputError(f"line {number} has {len(row)} cells for {len(names)} columns")
    columns = []
    for index, name in enumerate(names):
        cells = [row[index] for row in body]
        if headers is not None:
            header = headers[index]
            if header not in SCALARS | OBJECTS:
                raise TableInputError(f"unknown column type in # header: {header!r}")
        else:
            header = NAMED.get(_key(name)) or _detect(cells)
        columns.append(CsvColumn(name, header, tuple(cells)))
    return columns
