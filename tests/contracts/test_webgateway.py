"""OMERO.web's /webgateway/ contracts that plugins and scripts call: a well's images,
originals of several images or wells, bulk annotations, ``su``."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from tests.contracts.omeroweb import django_client, get, get_json, post
from tests.webgateway.originals import make_archived_image

from pyomero.model.actions import (
    create_experimenter,
    do_add_file_annotation,
    do_add_well_sample,
    do_create_original_file,
    do_create_plate,
    do_create_plate_acquisition,
    do_create_screen,
    do_link,
)
from pyomero.model.context import EventContext
from pyomero.model.models import AdminPrivilege, Plate, Well, WellSample
from pyomero.testing.factories import make_image
from pyomero.testing.personas import Personas

BULK_NS = "openmicroscopy.org/omero/bulk_annotations"


def wg(name: str, *args: object) -> str:
    return reverse(f"webgateway:{name}", args=[str(a) for a in args])


@pytest.fixture
def plate(owner_ctx: EventContext) -> Plate:
    made = do_create_plate(owner_ctx, "plate", rows=2, columns=2)
    run = do_create_plate_acquisition(owner_ctx, made, "run")
    a1 = Well.objects.get(plate=made, row=0, column=0)
    do_add_well_sample(owner_ctx, a1, make_image(owner_ctx, "A1 f0"), plate_acquisition=run)
    do_add_well_sample(owner_ctx, a1, make_image(owner_ctx, "A1 f1"), index=1)
    WellSample.objects.filter(well=a1, index=0).update(pos_x=0.0, pos_y=1.0)
    WellSample.objects.filter(well=a1, index=1).update(pos_x=1.0, pos_y=2.0)
    return made


def test_it_lists_a_wells_images_under_well_children(web, plate: Plate) -> None:
    """test_plategrid.py::TestPlateGrid::test_well_images: ``webgateway_listwellimages_json``
    lists the well's images by field with ``name``, ``id``, ``thumb_url`` and
    ``position`` in REFERENCEFRAME."""
    well = Well.objects.get(plate=plate, row=0, column=0)
    found = get_json(web("owner"), wg("webgateway_listwellimages_json", well.pk))
    assert [i["name"] for i in found] == ["A1 f0", "A1 f1"]
    for i, ws_json in enumerate(found):
        assert ws_json["thumb_url"] == wg("webgateway_render_thumbnail", ws_json["id"])
        assert ws_json["position"] == {
            "x": {"value": float(i), "unit": "REFERENCEFRAME"},
            "y": {"value": float(i + 1), "unit": "REFERENCEFRAME"},
        }


def test_it_keeps_a_wells_images_to_one_run(web, plate: Plate) -> None:
    """test_plategrid.py (webgateway ``listWellImages_json``, ``?run=``): the fields of
    another run are left out, those in no run stay."""
    well = Well.objects.get(plate=plate, row=0, column=0)
    run = plate.acquisitions.get()
    found = get_json(web("owner"), wg("webgateway_listwellimages_json", well.pk), {"run": run.pk})
    assert [i["name"] for i in found] == ["A1 f0", "A1 f1"]
    found = get_json(
        web("owner"), wg("webgateway_listwellimages_json", well.pk), {"run": run.pk + 1}
    )
    assert [i["name"] for i in found] == ["A1 f1"]


@pytest.fixture
def archived(owner_ctx: EventContext):
    first = make_archived_image(owner_ctx, {"a.tif": b"first file"}, "a.tif")
    second = make_archived_image(owner_ctx, {"b.tif": b"second", "b.xml": b"<x/>"}, "b.tif")
    return first, second


def test_it_downloads_the_originals_of_images_given_by_query(web, archived) -> None:
    """test_download.py::TestDownload::test_orphaned_image_download and
    test_image_in_dataset_download: ``archived_files`` with ``?image=`` answers the
    original file."""
    first, second = archived
    response = get(web("owner"), wg("archived_files"), {"image": first.pk})
    assert b"".join(response.streaming_content) == b"first file"
    assert 'filename="a.tif"' in response["Content-Disposition"]
    response = get(web("owner"), wg("archived_files"), {"image": [first.pk, second.pk]})
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == ["a.tif", "b.tif", "b.xml"]


def test_it_downloads_the_originals_of_a_wells_field(web, owner_ctx: EventContext) -> None:
    """test_download.py::TestDownload::test_well_download: ``?well=<id>`` downloads the
    originals of the well's image (field ``index``, 0 by default)."""
    made = do_create_plate(owner_ctx, "p", rows=1, columns=1)
    well = made.wells.get()
    image = make_archived_image(owner_ctx, {"w.tif": b"well bytes"}, "w.tif")
    do_add_well_sample(owner_ctx, well, image)
    response = get(web("owner"), wg("archived_files"), {"well": well.pk})
    assert b"".join(response.streaming_content) == b"well bytes"


def test_it_refuses_a_download_with_no_images(web) -> None:
    """test_download.py (``archived_files`` with neither ``image`` nor ``well``): an
    error, never a file; pyomero answers 400 where OMERO answers 500."""
    response = get(web("owner"), wg("archived_files"), status_code=400)
    assert b"image=123" in response.content


@pytest.mark.parametrize("bulk", [True, False])
def test_it_lists_bulk_annotations(web, owner_ctx: EventContext, bulk: bool) -> None:
    """test_table.py::TestOmeroTables::test_nsbulkannotations_file: a file annotation in
    the bulk_annotations namespace is listed with its ``file`` id; one in another is not."""
    made = do_create_plate(owner_ctx, "p", rows=1, columns=1)
    file = do_create_original_file(owner_ctx, "bulk.h5", mimetype="application/x-hdf")
    annotation = do_add_file_annotation(owner_ctx, made, file, ns=BULK_NS if bulk else "other")
    found = get_json(web("owner"), wg("webgateway_annotations", "Plate", made.pk))
    if bulk:
        assert len(found["data"]) == 1
        row = found["data"][0]
        assert row["file"] == file.pk and row["id"] == annotation.pk
        assert row["parentType"] == "Plate" and row["parentId"] == made.pk
        assert row["owner"] == row["addedBy"] == "Owner Person"
    else:
        assert found["data"] == []


def test_it_finds_bulk_annotations_through_a_path(web, owner_ctx: EventContext) -> None:
    """test_table.py (``annotations/Plate.wells/<well>/`` and
    ``Screen.plateLinks.child.wells``): the parents of a well carry the table."""
    screen = do_create_screen(owner_ctx, "s")
    made = do_create_plate(owner_ctx, "p", rows=1, columns=1)
    do_link(owner_ctx, screen, made)
    well = made.wells.get()
    table = do_create_original_file(owner_ctx, "t.h5", mimetype="OMERO.tables")
    do_add_file_annotation(owner_ctx, screen, table)
    do_add_file_annotation(owner_ctx, made, table, ns=BULK_NS)
    via_plate = get_json(web("owner"), wg("webgateway_annotations", "Plate.wells", well.pk))
    assert [(r["parentType"], r["parentId"]) for r in via_plate["data"]] == [("Plate", made.pk)]
    path = "Screen.plateLinks.child.wells"
    via_screen = get_json(web("owner"), wg("webgateway_annotations", path, well.pk))
    assert [r["parentId"] for r in via_screen["data"]] == [screen.pk]
    found = get(
        web("owner"), wg("webgateway_annotations", "Plate.nothing", well.pk), status_code=400
    )
    assert b"cannot be queried" in found.content


def test_it_hides_bulk_annotations_of_unseen_objects(web, owner_ctx: EventContext) -> None:
    """test_table.py: an object the user may not read answers 404, as if missing."""
    made = do_create_plate(owner_ctx, "p", rows=1, columns=1)
    get(web("outsider"), wg("webgateway_annotations", "Plate", made.pk), status_code=404)


def test_it_lets_an_administrator_su_to_a_user(web, personas: Personas) -> None:
    """test_csrf.py::TestCsrf::test_su: GET answers the confirmation form, POST needs the
    CSRF token and then switches the session to the user."""
    client: Client = web("admin")
    url = wg("webgateway_su", personas.member.ome_name)
    assert b"Do you want to su to member" in get(client, url).content
    assert post(client, url).json() is True
    assert int(client.session["_auth_user_id"]) == personas.member.pk


@pytest.mark.parametrize("persona", ["owner", "restricted_admin"])
def test_it_refuses_su_to_users_without_the_privilege(web, personas: Personas, persona) -> None:
    """test_csrf.py::TestCsrf::test_su (``login_required(isAdmin=True)``): only an
    administrator may su; pyomero also needs the Sudo privilege."""
    url = wg("webgateway_su", personas.member.ome_name)
    post(web(persona), url, status_code=403)


def test_it_refuses_su_to_a_more_privileged_administrator(db) -> None:
    """test_csrf.py::TestCsrf::test_su: a restricted administrator with Sudo may not
    become a full administrator (OMERO keeps privileges from escalating)."""
    full = create_experimenter("boss", password="x", admin=True)
    sudoer = create_experimenter(
        "sudoer", password="x", admin=True, privileges=(AdminPrivilege.SUDO,)
    )
    post(django_client(sudoer), wg("webgateway_su", full.ome_name), status_code=403)
    post(django_client(full), wg("webgateway_su", sudoer.ome_name))


@pytest.fixture
def plate_wells(owner_ctx: EventContext) -> Plate:
    """test_plategrid.py's ``plate_wells``: A10 with two fields, A11 empty, D3 one."""
    made = do_create_plate(owner_ctx, "plate_wells", rows=0, columns=0)
    for (row, column), fields in {(0, 9): 2, (0, 10): 0, (3, 2): 1}.items():
        well = Well.objects.create(
            plate=made, row=row, column=column, owner=made.owner, group=made.group
        )
        for index in range(fields):
            do_add_well_sample(
                owner_ctx, well, make_image(owner_ctx, f"{row}-{column}-{index}"), index=index
            )
    return made


def test_get_plate_grid_metadata(web, plate_wells: Plate) -> None:
    """test_plategrid.py::TestPlateGrid::test_get_plate_grid_metadata: without
    ``layout=``, ``omero.web.plate_layout`` (expand) gives 8 rows by 12 columns, each
    well's field at its place with the default thumbnail URL."""
    for field in range(2):
        found = get_json(web("owner"), wg("webgateway_plategrid_json", plate_wells.pk, field))
        assert len(found["rowlabels"]) == 8 and len(found["collabels"]) == 12
        for well in plate_wells.wells.all():
            samples = list(well.samples.order_by("index"))
            if len(samples) > field:
                cell = found["grid"][well.row][well.column]
                assert cell["name"] == samples[field].image.name
                assert cell["thumb_url"] == wg("webgateway_render_thumbnail", cell["id"])


@pytest.mark.parametrize("layout", ["shrink", "trim", "expand"])
def test_get_plate_grid_layout(web, plate_wells: Plate, layout: str) -> None:
    """test_plategrid.py::TestPlateGrid::test_get_plate_grid_metadata (parametrized by
    ``layout``): shrink spans the first to the last well, trim A1 to the last, expand
    A1 to H12."""
    rows, columns = [0, 3], [2, 10]
    if layout in ("trim", "expand"):
        rows[0] = columns[0] = 0
    if layout == "expand":
        rows[1], columns[1] = 7, 11
    for field in range(2):
        url = wg("webgateway_plategrid_json", plate_wells.pk, field)
        found = get_json(web("owner"), url, {"layout": layout})
        assert len(found["rowlabels"]) == rows[1] - rows[0] + 1
        assert len(found["collabels"]) == columns[1] - columns[0] + 1
        for well in plate_wells.wells.all():
            samples = list(well.samples.order_by("index"))
            if len(samples) > field:
                cell = found["grid"][well.row - rows[0]][well.column - columns[0]]
                assert cell["name"] == samples[field].image.name


def test_plate_grid_gives_the_first_images_size(web, plate_wells: Plate) -> None:
    """webgateway's ``PlateGrid.metadata``: ``image_sizes`` of the first image."""
    found = get_json(web("owner"), wg("webgateway_plategrid_json", plate_wells.pk))
    (size,) = found["image_sizes"]
    assert set(size) == {"x", "y", "image_id"} and size["x"] > 0
