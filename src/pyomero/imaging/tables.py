"""OMERO.tables, as OMERO.web's webgateway serves them (``table/<fileid>/query/``,
``metadata/``, ``obj_id_bitmask/``, ``rows/``, ``slice/``) and its webclient's
``omero_table`` pages: the file is read only if the user may see it (404 otherwise,
as if missing), then opened with :mod:`pyomero.tables`.

Queries are PyTables conditions; ``*`` means every row and ``Word-7`` is read as
``(Word==7)`` (``image-7`` too, where an old table names its column ``image``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings

from pyomero.imaging.errors import TableRequestError
from pyomero.model.access import access_original_file
from pyomero.model.actions.files import stored_bytes
from pyomero.model.context import EventContext
from pyomero.model.errors import ObjectNotFoundError
from pyomero.model.models import OriginalFile
from pyomero.tables import Table, TableError, open_table

_SHORT_QUERY = re.compile(r"^(\w+)-(\d+)")
#: Object columns that older tables name in lower case (``image``).
_OBJECT_WORDS = ("Image", "Roi", "Plate", "Well")


def _limit(key: str) -> int:
    return int(settings.OMERO_CONFIG[key])


def max_download_rows() -> int:
    return _limit("omero.web.max_table_download_rows")


def max_slice_size() -> int:
    return _limit("omero.web.max_table_slice_size")


@contextmanager
def opened(ctx: EventContext, file_id: object) -> Iterator[tuple[OriginalFile, Table]]:
    """The file ``file_id`` (if ctx may read it) and its table, open for the block."""
    file = access_original_file(ctx, file_id)
    where = stored_bytes(file)
    if where is None:
        raise ObjectNotFoundError("Table", file_id)
    # HDF5 reads a file on this host's disk; from an object store, the whole file in
    # memory (one GET).
    source: Path | bytes | None = where.store.local_path(where.key)
    if source is None:
        source = where.read_bytes()
    elif not source.is_file():
        source = None
    if source is None:
        raise ObjectNotFoundError("Table", file_id)
    try:
        with open_table(source) as table:
            yield file, table
    except TableError as exc:
        raise TableRequestError(_about(exc, file.pk), exc.code, exc.status) from None


def _about(exc: TableError, file_id: int) -> str:
    return f"File {file_id}: {exc.message}" if exc.code == "not_a_table" else exc.message


def _rows(table: Table, condition: str, start: int = 0, stop: int | None = None) -> list[int]:
    try:
        return table.where(condition, start, stop)
    except TableError as exc:
        raise TableRequestError(exc.message, exc.code, exc.status) from None


def expand_query(query: str, column_names: list[str]) -> str:
    """OMERO's short form ``Well-7`` as the condition ``(Well==7)``."""
    match = _SHORT_QUERY.match(query)
    if not match:
        return query
    name = match.group(1)
    if name in _OBJECT_WORDS and name not in column_names and name.lower() in column_names:
        name = name.lower()
    return f"({name}=={match.group(2)})"


@dataclass(frozen=True)
class QueryRequest:
    """``query`` (``*`` for all rows), ``col_names`` to keep (all when empty), and the
    page of matching rows ``offset``/``limit``."""

    query: str
    col_names: tuple[str, ...] = ()
    offset: int = 0
    limit: int | None = None


def _chosen(table: Table, col_names: tuple[str, ...]) -> list[int]:
    """The indices of ``col_names`` in their order (unknown names left out); all when
    none is named."""
    names = [column.name for column in table.columns]
    if not col_names:
        return list(range(len(names)))
    return [names.index(name) for name in col_names if name in names]


def query_table(ctx: EventContext, file_id: object, request: QueryRequest) -> dict[str, Any]:
    """OMERO.web's ``perform_table_query``: ``{"data": {"column_types", "columns",
    "rows"}, "meta": {"rowCount", "totalCount", "limit", "offset"}}``."""
    with opened(ctx, file_id) as (_file, table):
        return _query(table, request)


def _query(table: Table, request: QueryRequest) -> dict[str, Any]:
    indices = _chosen(table, request.col_names)
    columns = [table.columns[i] for i in indices]
    rows = table.row_count
    start = request.offset
    end = min(rows, start + (request.limit if request.limit is not None else rows))
    if request.query == "*":
        hits, total = list(range(start, max(start, end))), rows
    else:
        condition = expand_query(request.query, [c.name for c in table.columns])
        found = _rows(table, condition)
        total = len(found)
        hits = found[start:end]
    if len(hits) > max_download_rows():
        raise TableRequestError(
            f"Trying to download {len(hits)} rows exceeds configured"
            f" omero.web.max_table_download_rows of {max_download_rows()}",
            "too_many_rows",
        )
    values = table.read(indices, hits)
    return {
        "data": {
            "column_types": [column.type for column in columns],
            "columns": [column.name for column in columns],
            "rows": [list(row) for row in zip(*values, strict=True)] if values else [],
        },
        "meta": {
            "rowCount": rows,
            "totalCount": total,
            "limit": request.limit,
            "offset": request.offset,
        },
    }


def table_page(
    ctx: EventContext, file_id: object, request: QueryRequest
) -> tuple[OriginalFile, dict[str, Any]]:
    """The file and :func:`query_table`'s answer (for the webclient's ``omero_table``)."""
    with opened(ctx, file_id) as (file, table):
        return file, _query(table, request)


def table_metadata(ctx: EventContext, file_id: object) -> dict[str, Any]:
    """OMERO.web's ``table_metadata``: ``{"columns": [{"name", "description", "type"}],
    "totalCount", "user_metadata"}`` (text values that are JSON are decoded)."""
    with opened(ctx, file_id) as (_file, table):
        user_metadata: dict[str, Any] = {}
        for key, value in table.metadata().items():
            if isinstance(value, str):
                with suppress(json.JSONDecodeError):
                    value = json.loads(value)
            user_metadata[key] = value
        return {
            "columns": [
                {"name": c.name, "description": c.description, "type": c.type}
                for c in table.columns
            ],
            "totalCount": table.row_count,
            "user_metadata": user_metadata,
        }


def id_bitmask(ctx: EventContext, file_id: object, query: str, col_name: str) -> bytes:
    """OMERO.web's ``obj_id_bitmask``: bit ``n`` (big-endian within each byte) is set
    when a matching row holds the id ``n`` in ``col_name`` (the first column when the
    table has no such column)."""
    with opened(ctx, file_id) as (_file, table):
        names = [column.name for column in table.columns]
        index = names.index(col_name) if col_name in names else 0
        hits = list(range(table.row_count)) if query == "*" else _rows(table, query)
        if not hits:
            return bytes(np.packbits(np.array([0], dtype="int64")).tobytes())
        (cells,) = table.read([index], hits)
    if cells and isinstance(cells[0], float):
        raise TableRequestError("Specified column has invalid type", "bad_column")
    try:
        ids = np.array(cells, dtype="int64")
    except (TypeError, ValueError):
        raise TableRequestError("Specified column has invalid type", "bad_column") from None
    if (ids < 0).any():
        raise TableRequestError("Specified column has negative ids", "bad_column")
    bits = np.zeros(int(ids.max()) + 1, dtype="uint8")
    bits[ids] = 1
    return bytes(np.packbits(bits, bitorder="big").tobytes())


def matching_rows(ctx: EventContext, file_id: object, query: str, start: int) -> dict[str, Any]:
    """OMERO.web's ``table_get_where_list``: the matching row numbers among at most
    ``omero.web.max_table_slice_size`` rows from ``start``."""
    with opened(ctx, file_id) as (_file, table):
        rows, cells = table.row_count, max_slice_size()
        end = min(rows, start + cells)
        hits = _rows(table, query, start, end) if start < end else []
        return {
            "rows": hits,
            "meta": {
                "partialCount": len(hits),
                "rowCount": rows,
                "columnCount": len(table.columns),
                "start": start,
                "end": end,
                "maxCells": cells,
            },
        }


def parse_ranges(text: str | None, most: float, what: str) -> list[int]:
    """``1,2,5-10`` as the numbers it names; at most ``most`` of them."""
    if not text:
        raise TableRequestError(f"Need comma-separated list of rows and columns (no {what})")
    found: list[int] = []
    for item in text.split(","):
        first, dash, last = item.strip().partition("-")
        try:
            low, high = int(first), int(last) if dash else int(first)
        except ValueError:
            raise TableRequestError(
                f"Need comma-separated list of rows and columns ({item!r})"
            ) from None
        if low > high:
            raise TableRequestError("Need comma-separated list of rows and columns (Invalid range)")
        if len(found) + high - low + 1 > most:
            raise TableRequestError(
                "Need comma-separated list of rows and columns (Too many items)"
            )
        found.extend(range(low, high + 1))
    return found


def table_slice(
    ctx: EventContext, file_id: object, rows_text: str | None, columns_text: str | None
) -> dict[str, Any]:
    """OMERO.web's ``table_slice``: ``{"columns": [values per column], "meta":
    {"columns", "rowCount", "columnCount", "maxCells"}}``."""
    cells = max_slice_size()
    rows = parse_ranges(rows_text, cells, "rows")
    columns = parse_ranges(columns_text, cells / len(rows), "columns")
    with opened(ctx, file_id) as (_file, table):
        if not all(0 <= column < len(table.columns) for column in columns):
            raise TableRequestError("Columns out of range")
        if not all(0 <= row < table.row_count for row in rows):
            raise TableRequestError("Rows out of range")
        return {
            "columns": table.read(columns, rows),
            "meta": {
                "columns": [table.columns[i].name for i in columns],
                "rowCount": table.row_count,
                "columnCount": len(table.columns),
                "maxCells": cells,
            },
        }
