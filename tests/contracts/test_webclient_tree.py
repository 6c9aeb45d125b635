"""OMERO.web's tree JSON where pyomero differed: ``paths_to_object`` pagination and
empty queries, ``api/images?date=true``, ``api/tags`` wells, ``api/links`` answers."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from django.urls import reverse
from tests.contracts.omeroweb import get_json, send

from pyomero.model.actions import (
    do_annotate,
    do_create_dataset,
    do_create_plate,
    do_create_project,
    do_create_screen,
    do_create_tag,
    do_create_tagset,
    do_link,
)
from pyomero.model.context import EventContext
from pyomero.testing.factories import make_image, make_tree
from pyomero.testing.personas import Personas

ISO_SECONDS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


def paths(client, **query):
    return get_json(client, reverse("api_paths_to_object"), query)["paths"]


def test_path_to_no_objects(web) -> None:
    """test_show.py::TestShow::test_path_to_no_objects: nothing asked, no paths."""
    assert paths(web("owner")) == []


def test_project_dataset_image(web, owner_ctx: EventContext, personas: Personas) -> None:
    """test_show.py::TestShow::test_project_dataset_image: the dataset step carries
    ``childCount``."""
    project = do_create_project(owner_ctx, "p")
    dataset = do_create_dataset(owner_ctx, "d", project=project)
    image = make_image(owner_ctx)
    do_link(owner_ctx, dataset, image)
    assert paths(web("owner"), project=project.pk, dataset=dataset.pk, image=image.pk) == [
        [
            {"type": "experimenter", "id": personas.owner.pk},
            {"type": "project", "id": project.pk},
            {"type": "dataset", "id": dataset.pk, "childCount": 1},
            {"type": "image", "id": image.pk},
        ]
    ]


def test_project_dataset_images_pagination(web, owner_ctx, personas: Personas) -> None:
    """test_show.py::TestShow::test_project_dataset_images_pagination: with more images
    than ``page_size``, the image's index and 1-based page in the dataset."""
    project, dataset, _ = make_tree(owner_ctx)
    for i in range(3):
        do_link(owner_ctx, dataset, make_image(owner_ctx, f"zz{i}.tif"))
    ordered = sorted(
        dataset.image_links.select_related("child"),
        key=lambda link: (link.child.name, link.child.pk),
    )
    iids = [link.child.pk for link in ordered]
    index = len(iids) - 1
    found = paths(web("owner"), image=iids[index], page_size=3)
    assert found == [
        [
            {"type": "experimenter", "id": personas.owner.pk},
            {"type": "project", "id": project.pk},
            {
                "type": "dataset",
                "id": dataset.pk,
                "childCount": len(iids),
                "childIndex": index,
                "childPage": index // 3 + 1,
            },
            {"type": "image", "id": iids[index]},
        ]
    ]


def test_orphaned_pagination(web, owner_ctx, personas: Personas) -> None:
    """test_show.py::TestShow::test_orphaned_pagination: the orphaned step too."""
    iids = [make_image(owner_ctx, f"o{i}.tif").pk for i in range(5)]
    found = paths(web("owner"), image=iids[-1], page_size=4)
    assert found[0][1] == {
        "type": "orphaned",
        "id": personas.owner.pk,
        "childIndex": 4,
        "childPage": 2,
        "childCount": 5,
    }


def test_marshal_images_dataset_date(web, owner_ctx: EventContext) -> None:
    """test_tree.py::TestTree::test_marshal_images_dataset_date: ``date`` is the
    creation and ``acqDate`` the acquisition, ISO 8601 in whole seconds with the offset
    (OMERO.web's ``_marshal_date``)."""
    dataset = make_tree(owner_ctx)[1]
    image = dataset.image_links.first().child
    image.__class__.objects.filter(pk=image.pk).update(
        acquisition_date=datetime(2015, 10, 6, 12, 10, 10, tzinfo=UTC)
    )
    found = get_json(web("owner"), reverse("api_images"), {"id": dataset.pk, "date": "true"})
    row = next(i for i in found["images"] if i["id"] == image.pk)
    assert ISO_SECONDS.match(row["acqDate"])  # in omero.web.time_zone, with its offset
    assert datetime.fromisoformat(row["acqDate"]) == datetime(2015, 10, 6, 12, 10, 10, tzinfo=UTC)
    assert ISO_SECONDS.match(row["date"])


def test_it_lists_the_wells_a_tag_is_on(web, owner_ctx: EventContext) -> None:
    """test_tree.py (``marshal_tagged``): ``wells`` with ``plateId`` and the name
    ``<plate> - <row><column>``."""
    plate = do_create_plate(owner_ctx, "P1", rows=2, columns=3)
    well = plate.wells.get(row=1, column=2)
    tag = do_create_tag(owner_ctx, "w")
    do_annotate(owner_ctx, well, tag)
    found = get_json(web("owner"), reverse("api_tags"), {"id": tag.pk})
    assert [(w["id"], w["plateId"], w["name"]) for w in found["wells"]] == [
        (well.pk, plate.pk, "P1 - B3")
    ]
    assert "canAnnotate" in found["wells"][0]["permsCss"]


def test_link_project_datasets(web, owner_ctx: EventContext) -> None:
    """test_links.py::TestLinks::test_link_project_datasets: POST answers exactly
    ``{"success": true}``."""
    project = do_create_project(owner_ctx, "p")
    dids = [do_create_dataset(owner_ctx, f"{n}_d").pk for n in "AB"]
    body = {"project": {str(project.pk): {"dataset": dids}}}
    rsp = send(web("owner"), "post", reverse("api_links"), body).json()
    assert rsp == {"success": True}
    found = get_json(web("owner"), reverse("api_datasets"), {"id": project.pk})
    assert [d["id"] for d in found["datasets"]] == dids


def test_unlink_screen_plate(web, owner_ctx: EventContext) -> None:
    """test_links.py::TestLinks::test_unlink_screen_plate: DELETE answers the links
    the plates keep to other screens."""
    sids = [do_create_screen(owner_ctx, f"{n}_s").pk for n in "AB"]
    pids = [do_create_plate(owner_ctx, f"{n}_p", rows=1, columns=1).pk for n in "AB"]
    client = web("owner")
    body = {"screen": {str(sids[0]): {"plate": pids}, str(sids[1]): {"plate": pids}}}
    assert send(client, "post", reverse("api_links"), body).json() == {"success": True}
    unlink = {"screen": {str(sids[0]): {"plate": pids[:1]}}}
    response = send(client, "delete", reverse("api_links"), unlink).json()
    assert response == {"success": True, "screen": {str(sids[1]): {"plate": pids[:1]}}}
    found = get_json(client, reverse("api_plates"), {"id": sids[0]})
    assert [p["id"] for p in found["plates"]] == [pids[1]]


def test_link_unlink_tagset_tags(web, owner_ctx: EventContext) -> None:
    """test_links.py::TestLinks::test_link_unlink_tagset_tags: a tag goes into a tag set
    and out again through api/links."""
    tag = do_create_tag(owner_ctx, "t")
    tagset = do_create_tagset(owner_ctx, "ts")
    client = web("owner")
    body = {"tagset": {str(tagset.pk): {"tag": [tag.pk]}}}
    assert send(client, "post", reverse("api_links"), body).json() == {"success": True}
    found = get_json(client, reverse("api_tags"), {"id": tagset.pk})
    assert [t["id"] for t in found["tags"]] == [tag.pk]
    assert send(client, "delete", reverse("api_links"), body).json()["success"]
    assert get_json(client, reverse("api_tags"), {"id": tagset.pk})["tags"] == []
