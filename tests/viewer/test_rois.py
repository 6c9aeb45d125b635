"""The viewer's ROIs over HTTP: the shapes, saving edits, the ROI table and its CSV."""

from __future__ import annotations

import json

import numpy as np
import pytest
from django.test import Client

from pyomero.model.actions import do_save_roi
from pyomero.model.models import Image, Roi, Shape
from pyomero.testing.images import make_pixels_image, synthetic_plane
from pyomero.testing.personas import Personas


@pytest.fixture
def image(personas: Personas) -> Image:
    return make_pixels_image(personas.ctx("owner", personas.group), "cells.tif", size_z=2)


def signed_in(personas: Personas, persona: str) -> Client:
    client = Client()
    client.force_login(personas.user(persona))
    return client


def post(client: Client, image: Image, body: object) -> tuple[int, dict]:
    response = client.post(
        f"/webclient/img_detail/{image.pk}/rois/", json.dumps(body), "application/json"
    )
    return response.status_code, response.json()


def rectangle(**more: object) -> dict:
    return {"kind": "Rectangle", "x": 4, "y": 6, "width": 10, "height": 5, **more}


def test_it_lists_the_shapes_with_what_the_user_may_do(personas: Personas, image: Image) -> None:
    owner = personas.ctx("owner", personas.group)
    roi = do_save_roi(owner, image, [rectangle(the_z=1, stroke_color=-16776961)])
    found = signed_in(personas, "member").get(f"/webclient/img_detail/{image.pk}/rois/").json()
    [shape] = found["shapes"]
    assert shape["roi"] == roi.pk and shape["kind"] == "Rectangle" and shape["the_z"] == 1
    assert (shape["x"], shape["width"], shape["stroke_color"]) == (4, 10, -16776961)
    assert shape["can_edit"] is False  # read-annotate: members may not edit others' shapes
    mine = signed_in(personas, "owner").get(f"/webclient/img_detail/{image.pk}/rois/").json()
    assert mine["shapes"][0]["can_edit"] is True and mine["shapes"][0]["can_delete"] is True


def test_it_saves_new_changed_and_deleted_shapes(personas: Personas, image: Image) -> None:
    owner = personas.ctx("owner", personas.group)
    old = do_save_roi(owner, image, [rectangle(), {"kind": "Point", "x": 1, "y": 2}])
    first, second = old.shapes.order_by("pk")
    status, body = post(
        signed_in(personas, "owner"),
        image,
        {
            "new": [{"client_id": "-1", "fields": {"kind": "Ellipse", "x": 20, "y": 20,
                                                    "radius_x": 5, "radius_y": 3, "the_z": 0}}],
            "changed": [{"client_id": f"{old.pk}:{first.pk}", "id": first.pk,
                         "fields": {"x": 8, "text": "moved"}}],
            "deleted": {f"{old.pk}:{second.pk}": second.pk},
        },
    )  # fmt: skip
    assert status == 200
    roi_id, shape_id = map(int, body["ids"]["-1"].split(":"))
    assert Shape.objects.get(pk=shape_id).kind == "Ellipse"
    assert Roi.objects.get(pk=roi_id).image_id == image.pk
    first.refresh_from_db()
    assert (first.x, first.text) == (8, "moved")
    assert not Shape.objects.filter(pk=second.pk).exists()


def test_it_refuses_edits_of_someone_elses_shape(personas: Personas, image: Image) -> None:
    roi = do_save_roi(personas.ctx("owner", personas.group), image, [rectangle()])
    shape = roi.shapes.get()
    member = signed_in(personas, "member")
    status, _ = post(
        member,
        image,
        {
            "new": [{"client_id": "-1", "fields": {"kind": "Point", "x": 1, "y": 1}}],
            "changed": [{"client_id": "x", "id": shape.pk, "fields": {"x": 0}}],
        },
    )
    assert status == 403
    assert Shape.objects.count() == 1  # the new point was not kept either
    status, _ = post(signed_in(personas, "outsider"), image, {"deleted": {"x": shape.pk}})
    assert status == 404


def test_it_answers_400_to_malformed_edits(personas: Personas, image: Image) -> None:
    owner = signed_in(personas, "owner")
    for body in (
        {"new": [{"client_id": "-1", "fields": {"kind": "Point", "x": "one"}}]},
        {"new": [{"client_id": "-1", "fields": {"kind": "Point", "colour": 1}}]},
        {"new": [{"fields": {"kind": "Point"}}]},
        {"new": [{"client_id": "-1", "fields": {"kind": "Blob"}}]},
        {"deleted": {"x": "3"}},
        [],
    ):
        status, found = post(owner, image, body)
        assert status == 400, body
        assert found["message"]
    assert not Shape.objects.exists()


def test_it_measures_every_shape_for_the_roi_table(personas: Personas, image: Image) -> None:
    roi = do_save_roi(personas.ctx("owner", personas.group), image, [rectangle(the_z=1)])
    url = f"/webclient/img_detail/{image.pk}/rois/stats/?z=0&t=0&c=1"
    table = signed_in(personas, "member").get(url).json()
    assert table["channels"] == [{"index": 1, "label": "GFP"}]
    [row] = table["shapes"]
    values = synthetic_plane(image, c=1, z=1)[6:11, 4:14].astype(np.float64)
    assert (row["roi"], row["z"], row["kind"]) == (roi.pk, 1, "Rectangle")
    [stats] = row["stats"]
    assert stats["points"] == 50 and stats["max"] == values.max()
    assert stats["mean"] == pytest.approx(values.mean())


def test_it_exports_the_roi_table_as_csv(personas: Personas, image: Image) -> None:
    do_save_roi(personas.ctx("owner", personas.group), image, [rectangle(text="nucleus")])
    response = signed_in(personas, "owner").get(
        f"/webclient/img_detail/{image.pk}/rois/stats.csv?z=1"
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("roi,shape,kind,z,t,channel,points,min,max,sum,mean")
    assert len(lines) == 3 and lines[1].split(",")[2:7] == ["Rectangle", "2", "1", "DAPI", "50"]
    assert lines[2].endswith(",nucleus")


def test_it_hides_the_rois_from_an_outsider(personas: Personas, image: Image) -> None:
    outsider = signed_in(personas, "outsider")
    for tail in ("rois/", "rois/stats/", "rois/stats.csv"):
        assert outsider.get(f"/webclient/img_detail/{image.pk}/{tail}").status_code == 404
    assert Client().get(f"/webclient/img_detail/{image.pk}/rois/").status_code == 403


def test_it_measures_unsaved_shapes_in_place_of_the_saved_ones(
    personas: Personas, image: Image
) -> None:
    roi = do_save_roi(personas.ctx("owner", personas.group), image, [rectangle(the_z=1)])
    saved = roi.shapes.get()
    url = f"/webclient/img_detail/{image.pk}/rois/stats/?z=0&t=0&c=0"
    drafts = {
        "shapes": [
            {"client_id": "-1", "fields": {**rectangle(x=0, y=0, width=4), "text": "new"}},
            {"client_id": f"{roi.pk}:{saved.pk}", "id": saved.pk, "roi": roi.pk,
             "fields": rectangle(x=20, the_z=1)},
        ]
    }  # fmt: skip
    response = signed_in(personas, "owner").post(url, json.dumps(drafts), "application/json")
    assert response.status_code == 200
    new, moved = response.json()["shapes"]  # the saved one is measured where it was moved
    assert (new["client_id"], new["shape"], new["text"], new["z"]) == ("-1", None, "new", 0)
    assert new["stats"][0]["points"] == 20
    plane = synthetic_plane(image, c=0, z=0)[0:5, 0:4].astype(np.float64)
    assert new["stats"][0]["max"] == plane.max()
    assert (moved["shape"], moved["roi"], moved["z"]) == (saved.pk, roi.pk, 1)
    moved_plane = synthetic_plane(image, c=0, z=1)[6:11, 20:30].astype(np.float64)
    assert moved["stats"][0]["mean"] == pytest.approx(moved_plane.mean())
    assert not Shape.objects.exclude(pk=saved.pk).exists()  # measuring saves nothing


def test_it_answers_400_to_malformed_unsaved_shapes(personas: Personas, image: Image) -> None:
    owner = signed_in(personas, "owner")
    url = f"/webclient/img_detail/{image.pk}/rois/stats/"
    for shapes in (
        [{"client_id": "-1", "fields": {"kind": "Rectangle", "x": "a"}}],
        [{"client_id": "-1", "fields": {"kind": "Blob"}}],
        [{"client_id": "-1", "fields": {"kind": "Point", "x": 1, "y": 1, "the_z": -1}}],
        [{"fields": {"kind": "Point", "x": 1, "y": 1}}],
        [{"client_id": "-1", "fields": {"kind": "Rectangle", "x": 1}}],
    ):
        response = owner.post(url, json.dumps({"shapes": shapes}), "application/json")
        assert response.status_code == 400, shapes
        assert response.json()["message"]


def test_it_names_the_owner_of_each_shape(personas: Personas, image: Image) -> None:
    do_save_roi(personas.ctx("owner", personas.group), image, [rectangle()])
    found = signed_in(personas, "member").get(f"/webclient/img_detail/{image.pk}/rois/").json()
    owner = personas.user("owner")
    assert found["shapes"][0]["owner"] == {
        "id": owner.pk,
        "name": f"{owner.first_name} {owner.last_name}".strip() or owner.ome_name,
    }


def test_it_adds_propagated_shapes_to_one_roi(personas: Personas, image: Image) -> None:
    owner = personas.ctx("owner", personas.group)
    saved = do_save_roi(owner, image, [rectangle(the_z=0)])
    status, body = post(
        signed_in(personas, "owner"),
        image,
        {
            "new": [
                {"client_id": "-1", "fields": rectangle(the_z=1), "roi": saved.pk},
                {"client_id": "-2", "fields": {"kind": "Point", "x": 1, "y": 1, "the_z": 0},
                 "roi_group": "a"},
                {"client_id": "-3", "fields": {"kind": "Point", "x": 1, "y": 1, "the_z": 1},
                 "roi_group": "a"},
            ]
        },
    )  # fmt: skip
    assert status == 200
    assert body["ids"]["-1"].split(":")[0] == str(saved.pk)
    assert saved.shapes.count() == 2
    assert body["ids"]["-2"].split(":")[0] == body["ids"]["-3"].split(":")[0] != str(saved.pk)


def test_it_refuses_to_add_a_shape_to_someone_elses_roi(personas: Personas, image: Image) -> None:
    saved = do_save_roi(personas.ctx("owner", personas.group), image, [rectangle(the_z=0)])
    status, found = post(
        signed_in(personas, "member"),
        image,
        {"new": [{"client_id": "-1", "fields": rectangle(the_z=1), "roi": saved.pk}]},
    )
    assert status == 403 and found["message"]
    assert saved.shapes.count() == 1 and Roi.objects.count() == 1
