"""OMERO.web's OMERO.tables contracts: webgateway's ``table/<fileid>/query/``,
``metadata/``, ``obj_id_bitmask/``, ``rows/``, ``slice/``, ``table/<type>/<id>/query/``
and the webclient's ``omero_table`` page, over a table attached as OMERO's table
service attaches one.

The table is ``test_table.py::TestOmeroTables``'s ``table_data`` (a WellColumn, a
StringColumn and two DoubleColumns of five rows) in a read-annotate group (its
``user1``). Where OMERO.web answers an error as 200 with ``{"error": ...}``, pyomero
answers the same key under a 4xx status (docs/api.md).
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest
from django.urls import reverse
from tests.contracts.omeroweb import get, get_json, post

from pyomero.model.actions import do_attach_table, do_create_plate, do_create_screen, do_link
from pyomero.model.context import EventContext
from pyomero.model.models import Annotation, Permissions, Plate
from pyomero.tables import Column
from pyomero.testing.personas import make_personas

COLUMNS = [
    Column("Well", "WellColumn"),
    Column("TestColumn", "StringColumn", "a string", 64),
    Column("SmallNumbers", "DoubleColumn"),
    Column("BigNumbers", "DoubleColumn"),
]
ROWS = [
    [1, "test", 0.5, 135345.0],
    [2, "string", 1.0, 345345.121],
    [3, "column", 0.75, 356575.012],
    [4, "data", 0.12345, 13579.0],
    [5, "five", 0.01, 500.05],
]
TYPES = ["WellColumn", "StringColumn", "DoubleColumn", "DoubleColumn"]
NAMES = ["Well", "TestColumn", "SmallNumbers", "BigNumbers"]


def wg(name: str, *args: object) -> str:
    return reverse(f"webgateway:{name}", args=[str(a) for a in args])


def wc(*args: object) -> str:
    return reverse("omero_table", args=[str(a) for a in args])


@pytest.fixture
def plate(owner_ctx: EventContext) -> Plate:
    return do_create_plate(owner_ctx, "plate", rows=1, columns=5)


def attach(ctx: EventContext, obj: object, name: str = "omero_table_test:0.5") -> Annotation:
    values = [[row[i] for row in ROWS] for i in range(len(COLUMNS))]
    return do_attach_table(ctx, obj, name, COLUMNS, values, metadata={"info": '{"a": 1}'})


@pytest.fixture
def file_id(owner_ctx: EventContext, plate: Plate) -> int:
    """``test_table.py::TestOmeroTables::omero_table_file``: the table's OriginalFile id."""
    annotation = attach(owner_ctx, plate)
    assert annotation.file is not None and annotation.file.mimetype == "OMERO.tables"
    return annotation.file.pk


def test_table_html(web, file_id: int) -> None:
    """test_table.py::TestOmeroTables::test_table_html: ``omero_table`` as JSON (rows,
    columns, column_types, name, id), as HTML (``<th title="<type>">``, cells, wells
    linked to the webclient) and as CSV."""
    found = get_json(web("owner"), wc(file_id, "json"))
    assert found["data"]["rows"] == ROWS
    assert found["data"]["columns"] == NAMES
    assert found["data"]["column_types"] == TYPES
    assert found["data"]["name"].startswith("omero_table_test")
    assert found["data"]["id"] == file_id
    html = get(web("owner"), wc(file_id)).content.decode()
    for kind, name in zip(TYPES, NAMES, strict=True):
        assert f'<th title="{kind}">{name}</th>' in html
    for row in ROWS:
        for cell in row[1:]:
            assert f"<td>{cell}</td>" in html
        assert f'<a target="_blank" href="{reverse("webindex")}?show=well-{row[0]}">' in html
    text = get(web("owner"), wc(file_id, "csv")).content.decode()
    assert list(csv.reader(io.StringIO(text))) == [NAMES, *[[str(c) for c in r] for r in ROWS]]


def test_table_pagination(web, file_id: int) -> None:
    """test_table.py::TestOmeroTables::test_table_pagination: ``limit``/``offset``."""
    for offset in (0, 2, 4):
        found = get_json(web("owner"), wc(file_id, "json"), {"limit": 2, "offset": offset})
        assert found["data"]["rows"] == ROWS[offset : offset + 2]
        assert found["meta"]["totalCount"] == 5


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SmallNumbers>0.5", [r for r in ROWS if r[2] > 0.5]),
        ("(SmallNumbers>=0.75)&(BigNumbers<350000.5)", [ROWS[1]]),
        ("SmallNumbers==0.01", [ROWS[4]]),
    ],
)
def test_table_query(web, file_id: int, query: str, expected: list) -> None:
    """test_table.py::TestOmeroTables::test_table_query: PyTables conditions on
    ``omero_table``'s ``?query=``."""
    found = get_json(web("owner"), wc(file_id, "json"), {"query": query})
    assert found["data"]["rows"] == expected


def test_webgateway_table_query(web, file_id: int) -> None:
    """webgateway/views.py ``perform_table_query``, as test_table.py's queries call it:
    ``*`` for all rows, ``Well-3`` for ``(Well==3)``, ``col_names`` in their order,
    ``offset``/``limit`` over the matching rows, and ``meta``."""
    found = get_json(web("owner"), wg("webgateway_table_query", file_id), {"query": "*"})
    assert found["data"] == {"column_types": TYPES, "columns": NAMES, "rows": ROWS}
    assert found["meta"] == {"rowCount": 5, "totalCount": 5, "limit": None, "offset": 0}
    found = get_json(web("owner"), wg("webgateway_table_query", file_id), {"query": "Well-3"})
    assert found["data"]["rows"] == [ROWS[2]]
    found = get_json(
        web("owner"),
        wg("webgateway_table_query", file_id),
        {"query": "SmallNumbers<1", "col_names": ["BigNumbers", "Well"], "offset": 1, "limit": 2},
    )
    assert found["data"]["columns"] == ["BigNumbers", "Well"]
    assert found["data"]["rows"] == [[356575.012, 3], [13579.0, 4]]
    assert found["meta"] == {"rowCount": 5, "totalCount": 4, "limit": 2, "offset": 1}


@pytest.mark.parametrize("query", ["", "Nothing>1", "SmallNumbers>>1"])
def test_it_refuses_a_query_it_cannot_run(web, file_id: int, query: str) -> None:
    """webgateway/views.py ``_table_query``: no query, or one the table cannot run, is
    an ``error`` (OMERO.web: 200 with ``{"error"}``; pyomero: 400 with it)."""
    found = get_json(
        web("owner"), wg("webgateway_table_query", file_id), {"query": query}, status_code=400
    )
    assert "query" in found["error"].lower()


def test_table_metadata(web, file_id: int) -> None:
    """webgateway/views.py ``_table_metadata``: columns with name, description and type,
    ``totalCount``, and the user metadata with JSON text decoded."""
    found = get_json(web("owner"), wg("webgateway_table_metadata", file_id))
    assert found["columns"][1] == {
        "name": "TestColumn",
        "description": "a string",
        "type": "StringColumn",
    }
    assert [c["type"] for c in found["columns"]] == TYPES
    assert found["totalCount"] == 5
    assert found["user_metadata"]["info"] == {"a": 1}
    assert found["user_metadata"]["__version"] == 2


def test_obj_id_bitmask(web, file_id: int) -> None:
    """webgateway/views.py ``obj_id_bitmask`` (and test/unit/test_webgateway.py
    ``testColumnToPackedBits``): bit n set when a matching row holds id n."""
    url = wg("webgateway_table_obj_id_bitmask", file_id)
    response = get(web("owner"), url, {"query": "SmallNumbers<0.6", "col_name": "Well"})
    assert response["Content-Type"] == "application/octet-stream"
    bits = np.unpackbits(np.frombuffer(response.content, dtype="uint8"))
    assert list(np.flatnonzero(bits)) == [1, 4, 5]
    none = get(web("owner"), url, {"query": "SmallNumbers>9", "col_name": "Well"}).content
    assert none == b"\x00"


def test_table_get_where_list(web, file_id: int) -> None:
    """webgateway/views.py ``table_get_where_list``: the matching row numbers from
    ``start``, with ``meta``."""
    url = wg("webgateway_table_get_where_list", file_id)
    found = get_json(web("owner"), url, {"query": "SmallNumbers>0.2", "start": 1})
    assert found["rows"] == [1, 2]
    assert found["meta"] == {
        "partialCount": 2,
        "rowCount": 5,
        "columnCount": 4,
        "start": 1,
        "end": 5,
        "maxCells": 1_000_000,
    }


def test_table_slice(web, file_id: int) -> None:
    """webgateway/views.py ``table_slice``: ``rows=`` and ``columns=`` lists with
    ranges, by GET or POST; out of range is an error."""
    url = wg("webgateway_table_slice", file_id)
    found = get_json(web("owner"), url, {"rows": "0,2-3", "columns": "1-2"})
    assert found["columns"] == [["test", "column", "data"], [0.5, 0.75, 0.12345]]
    assert found["meta"] == {
        "columns": ["TestColumn", "SmallNumbers"],
        "rowCount": 5,
        "columnCount": 4,
        "maxCells": 1_000_000,
    }
    posted = post(web("owner"), url, {"rows": "4", "columns": "0"}).json()
    assert posted["columns"] == [[5]]
    assert (
        "out of range"
        in get_json(web("owner"), url, {"rows": "9", "columns": "0"}, status_code=400)["error"]
    )
    assert get_json(web("owner"), url, {"rows": "3-1", "columns": "0"}, status_code=400)["error"]


def test_object_table_query(web, owner_ctx: EventContext, plate: Plate) -> None:
    """webgateway/views.py ``object_table_query``: the newest bulk-annotation table of
    the object reached by the path (``Screen.plateLinks.child``), with ``id``,
    ``annId``, ``owner``, ``parentType``, ``parentId``."""
    screen = do_create_screen(owner_ctx, "screen")
    do_link(owner_ctx, screen, plate)
    attach(owner_ctx, screen, "older")
    newest = attach(owner_ctx, screen, "newer")
    url = wg("webgateway_object_table_query", "Screen.plateLinks.child", plate.pk)
    found = get_json(web("owner"), url, {"query": "Well-5"})
    assert found["data"]["rows"] == [ROWS[4]]
    assert found["id"] == newest.file_id and found["annId"] == newest.pk
    assert (found["parentType"], found["parentId"]) == ("Screen", screen.pk)
    assert found["owner"] == "Owner Person"
    url = wg("webgateway_object_table_query", "Plate", plate.pk)
    get_json(web("owner"), url, {"query": "*"}, status_code=404)


@pytest.mark.parametrize(
    "name", ["webgateway_table_query", "webgateway_table_metadata", "webgateway_table_slice"]
)
def test_it_hides_a_table_from_another_group(web, file_id: int, name: str) -> None:
    """OMERO's table service opens a file only for those who may read it: an outsider
    is answered 404, as if there were no such file."""
    found = get_json(
        web("outsider"), wg(name, file_id), {"query": "*", "rows": "0", "columns": "0"}, 404
    )
    assert found["error"] == f"OriginalFile {file_id} not found"
    get(web("outsider"), wc(file_id, "json"), status_code=404)


def test_it_hides_a_table_in_a_private_group(db) -> None:
    """A table in a private group is the owner's alone: another member gets 404."""
    from tests.contracts.omeroweb import django_client

    people = make_personas(Permissions.PRIVATE, prefix="p-")
    owner = people.ctx("owner", people.group)
    table = attach(owner, do_create_plate(owner, "private", rows=1, columns=1))
    url = wg("webgateway_table_query", table.file_id)
    get(django_client(people.owner), url, {"query": "*"})
    get(django_client(people.member), url, {"query": "*"}, status_code=404)


def test_it_refuses_a_file_that_is_no_table(web, owner_ctx: EventContext) -> None:
    """A file that is not an OMERO.table is refused with an ``error``, never a 500."""
    from pyomero.model.actions.stored_files import do_store_file_annotation

    other = do_store_file_annotation(owner_ctx, "notes.txt", b"not hdf5", ns="x")
    found = get_json(
        web("owner"), wg("webgateway_table_query", other.file_id), {"query": "*"}, status_code=400
    )
    assert "not an OMERO.table" in found["error"]


def test_it_refuses_more_rows_than_configured(web, file_id: int, settings) -> None:
    """webgateway/views.py ``perform_table_query`` and ``table_slice``: more rows than
    ``omero.web.max_table_download_rows``, or more cells than
    ``omero.web.max_table_slice_size``, is an ``error`` naming the limit."""
    from pyomero.conf.config import Config

    current = settings.OMERO_CONFIG
    limits = {"omero.web.max_table_download_rows": "3", "omero.web.max_table_slice_size": "4"}
    settings.OMERO_CONFIG = Config({**current.stored, **limits}, current.omerodir)
    url = wg("webgateway_table_query", file_id)
    found = get_json(web("owner"), url, {"query": "*"}, status_code=400)
    assert "omero.web.max_table_download_rows of 3" in found["error"]
    assert len(get_json(web("owner"), url, {"query": "*", "limit": 3})["data"]["rows"]) == 3
    url = wg("webgateway_table_slice", file_id)
    found = get_json(web("owner"), url, {"rows": "0-2", "columns": "0-1"}, status_code=400)
    assert "Too many items" in found["error"]
    assert get_json(web("owner"), url, {"rows": "0-1", "columns": "0-1"})["meta"]["maxCells"] == 4
