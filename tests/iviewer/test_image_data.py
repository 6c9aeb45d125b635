"""``iviewer/image_data/<id>/`` and ``.../delta_t/``: what OMERO.iviewer reads."""

from __future__ import annotations

from django.test import Client

from pyomero.model.models import Image, Roi


def test_it_answers_imgdata_with_what_iviewer_adds(
    owner: Client, image: Image, rois: list[Roi]
) -> None:
    image.pixels.physical_size_x = 0.25
    image.pixels.physical_size_y = 0.25
    image.pixels.save()
    data = owner.get(f"/iviewer/image_data/{image.pk}/").json()
    assert data["id"] == image.pk
    assert data["size"] == {"width": 64, "height": 48, "z": 3, "t": 2, "c": 2}
    assert [c["label"] for c in data["channels"]] == ["DAPI", "GFP"]
    assert data["roi_count"] == 3
    assert data["pixel_size"]["unit_x"] == 0.25
    assert data["pixel_size"]["symbol_x"] == "\u00b5m"
    assert data["pixel_size"]["unit_id_x"] == "MICROMETER"
    assert "unit_z" not in data["pixel_size"]
    assert "linear" in data["families"]
    assert data["import_date"][:4].isdigit()
    assert data["perms"]["canAnnotate"] is True


def test_it_answers_the_time_of_each_t_from_the_time_increment(owner: Client, image: Image) -> None:
    assert owner.get(f"/iviewer/image_data/{image.pk}/delta_t/").json() == {
        "delta_t": [0.0, 0.0],
        "delta_t_unit_symbol": None,
        "image_id": image.pk,
    }
    image.pixels.time_increment = 1.5
    image.pixels.time_increment_unit = "MINUTE"
    image.pixels.save()
    data = owner.get(f"/iviewer/image_data/{image.pk}/delta_t/").json()
    assert data["delta_t"] == [0.0, 90.0]
    assert data["delta_t_unit_symbol"] == "s"


def test_it_finds_the_image_of_a_roi_and_of_a_shape(
    owner: Client, image: Image, rois: list[Roi]
) -> None:
    shape = rois[0].shapes.get()
    for path in (f"roi/{rois[0].pk}", f"shape/{shape.pk}"):
        assert owner.get(f"/iviewer/{path}/image_data/").json()["id"] == image.pk
    assert owner.get("/iviewer/roi/999999/image_data/").status_code == 404
