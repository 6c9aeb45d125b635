"""``iviewer/persist_rois``: OMERO.iviewer saves drawn, changed and deleted shapes."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client
from tests.conftest import ClientFor

from pyomero.model.models import Image, Roi, Shape

SCHEMA = "http://www.openmicroscopy.org/Schemas/OME/2016-06#"


def post(client: Client, image_id: int, **rois: Any) -> Any:
    body = {"imageId": image_id, "rois": {"count": 1, "new_and_deleted": [], **rois}}
    return client.post("/iviewer/persist_rois", json.dumps(body), content_type="application/json")


def drawn_rectangle(old_id: str = "-1:-1") -> dict[str, Any]:
    """A rectangle as OMERO.iviewer sends a new one."""
    return {
        "@type": f"{SCHEMA}Rectangle",
        "X": 10.5,
        "Y": 12,
        "Width": 20,
        "Height": 8,
        "TheZ": 1,
        "TheT": 0,
        "StrokeColor": -16776961,
        "StrokeWidth": {"@type": "TBD#LengthI", "Unit": "PIXEL", "Symbol": "pixel", "Value": 2},
        "Text": "nucleus",
        "Area": 160,
        "oldId": old_id,
    }


def test_it_saves_a_drawn_shape_as_a_new_roi(owner: Client, image: Image) -> None:
    answer = post(owner, image.pk, new=[drawn_rectangle()])
    assert answer.status_code == 200
    roi_id, shape_id = answer.json()["ids"]["-1:-1"].split(":")
    shape = Shape.objects.get(pk=shape_id, roi_id=roi_id, roi__image=image)
    assert (shape.kind, shape.x, shape.y, shape.width, shape.height) == (
        "Rectangle",
        10.5,
        12,
        20,
        8,
    )
    assert (shape.the_z, shape.the_t, shape.the_c) == (1, 0, None)
    assert (shape.stroke_width, shape.stroke_color, shape.text) == (2, -16776961, "nucleus")


def test_it_changes_and_deletes_shapes_and_empty_rois(
    owner: Client, image: Image, rois: list[Roi]
) -> None:
    rectangle, ellipse, point = (roi.shapes.get() for roi in rois)
    moved = {**drawn_rectangle(f"{rois[0].pk}:{rectangle.pk}"), "@id": rectangle.pk, "X": 30}
    answer = post(
        owner,
        image.pk,
        modified=[moved],
        deleted={str(rois[1].pk): [f"{rois[1].pk}:{ellipse.pk}"]},
        empty_rois={str(rois[2].pk): [f"{rois[2].pk}:{point.pk}"]},
    )
    assert answer.status_code == 200
    assert answer.json()["ids"] == {
        f"{rois[0].pk}:{rectangle.pk}": f"{rois[0].pk}:{rectangle.pk}",
        f"{rois[1].pk}:{ellipse.pk}": f"{rois[1].pk}:{ellipse.pk}",
        f"{rois[2].pk}:{point.pk}": f"{rois[2].pk}:{point.pk}",
    }
    rectangle.refresh_from_db()
    assert (rectangle.x, rectangle.text) == (30, "nucleus")
    assert not Shape.objects.filter(pk=ellipse.pk).exists()
    assert not Roi.objects.filter(pk=rois[2].pk).exists()


def test_it_saves_nothing_when_one_edit_is_refused(
    client_for: ClientFor, image: Image, rois: list[Roi]
) -> None:
    member = client_for("member")  # may annotate the owner's image, not edit its shapes
    rectangle = rois[0].shapes.get()
    moved = {**drawn_rectangle(f"{rois[0].pk}:{rectangle.pk}"), "X": 99}
    answer = post(member, image.pk, new=[drawn_rectangle()], modified=[moved])
    assert answer.status_code == 403
    assert Roi.objects.filter(image=image).count() == 3
    rectangle.refresh_from_db()
    assert rectangle.x == 2
    assert post(member, image.pk, new=[drawn_rectangle()]).status_code == 200


def test_it_answers_404_for_an_image_others_may_not_see(
    client_for: ClientFor, image: Image
) -> None:
    answer = post(client_for("outsider"), image.pk, new=[drawn_rectangle()])
    assert answer.status_code == 404
    assert not Roi.objects.filter(image=image).exists()


def test_it_refuses_a_body_it_cannot_read(owner: Client, image: Image) -> None:
    bad = owner.post("/iviewer/persist_rois", "{", content_type="application/json")
    assert bad.status_code == 400
    assert (
        post(owner, image.pk, new=[{"@type": f"{SCHEMA}Cube", "oldId": "-1:-1"}]).json()["code"]
        == "invalid"
    )
    assert owner.get("/iviewer/persist_rois").status_code == 405
    assert not Roi.objects.filter(image=image).exists()
