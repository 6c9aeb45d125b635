"""What OMERO.figure reads about images: ``imgData/``, ``timestamps/``, ``pixels_type/``,
``z_scale/``, ``images_details/``, ``roiCount/``, ``roiRectangles/``,
``unit_conversion/`` (the shapes of OMERO.figure's own views, ``omero_figure/views.py``)."""

from __future__ import annotations

from django.test import Client
from tests.conftest import ClientFor

from pyomero.model.models import Image


def test_it_gives_image_data_with_units_time_points_and_parents(
    owner: Client, image: Image
) -> None:
    pixels = image.pixels
    pixels.physical_size_x, pixels.physical_size_x_unit = 0.25, "MICROMETER"
    pixels.physical_size_z, pixels.physical_size_z_unit = 500.0, "NANOMETER"
    pixels.time_increment, pixels.time_increment_unit = 2.0, "SECOND"
    pixels.save()
    data = owner.get(f"/figure/imgData/{image.pk}/").json()
    assert data["id"] == image.pk
    assert data["size"]["z"] == 3
    assert data["pixel_size"]["valueX"] == 0.25
    assert data["pixel_size"]["symbolX"] == "\u00b5m"
    assert data["pixel_size"]["unitX"] == "MICROMETER"
    assert data["pixel_size"]["valueZ"] == 500.0
    assert data["pixel_size"]["symbolZ"] == "nm"
    assert data["deltaT"] == [0.0, 2.0]
    assert isinstance(data["parents"], dict)


def test_it_answers_404_for_an_image_the_user_cannot_see(
    client_for: ClientFor, image: Image
) -> None:
    response = client_for("outsider").get(f"/figure/imgData/{image.pk}/")
    assert response.status_code == 404


def test_it_lists_timestamps_pixel_types_and_z_scales_of_visible_images(
    owner: Client, client_for: ClientFor, image: Image
) -> None:
    image.pixels.physical_size_z, image.pixels.physical_size_z_unit = 1.5, "MICROMETER"
    image.pixels.save()
    pk = str(image.pk)
    assert owner.get(f"/figure/pixels_type/?image={pk}").json() == {
        pk: {"pixelsType": "uint16", "pixel_range": [0, 65535]}
    }
    assert owner.get(f"/figure/z_scale/?image={pk}").json() == {
        pk: {"valueZ": 1.5, "symbolZ": "\u00b5m", "unitZ": "MICROMETER"}
    }
    assert owner.get(f"/figure/timestamps/?image={pk}&image=99999").json() == {pk: [0.0, 0.0]}
    assert client_for("outsider").get(f"/figure/pixels_type/?image={pk}").json() == {}


def test_it_gives_owner_and_group_of_images(owner: Client, image: Image) -> None:
    data = owner.get(f"/figure/images_details/?image={image.pk}").json()["data"]
    assert data == [
        {
            "id": image.pk,
            "name": image.name,
            "group": {"id": image.group_id, "name": image.group.name},
            "owner": {
                "id": image.owner_id,
                "firstName": image.owner.first_name,
                "lastName": image.owner.last_name,
            },
        }
    ]


def test_it_counts_rois_and_shapes(owner: Client, image: Image) -> None:
    assert owner.get(f"/figure/roiCount/{image.pk}/").json() == {"roi": 2}
    assert owner.get(f"/figure/roiCount/{image.pk}/?shapes=true").json() == {
        "roi": 2,
        "shape": 3,
    }


def test_it_lists_the_rois_with_rectangles_and_only_their_rectangles(
    owner: Client, image: Image
) -> None:
    body = owner.get(f"/figure/roiRectangles/{image.pk}/").json()
    assert body["meta"] == {"totalCount": 1}
    [roi] = body["data"]
    assert [shape["@type"].split("#")[-1] for shape in roi["shapes"]] == ["Rectangle"]
    assert roi["shapes"][0]["Width"] == 4
    assert owner.get(f"/figure/roiRectangles/{image.pk}/?offset=1&limit=5").json()["data"] == []


def test_it_converts_lengths_between_units(owner: Client) -> None:
    body = owner.get("/figure/unit_conversion/1.5/MICROMETER/NANOMETER/").json()
    assert body["unit"] == "NANOMETER"
    assert body["symbol"] == "nm"
    assert abs(body["value"] - 1500) < 1e-9
    refused = owner.get("/figure/unit_conversion/1/MICROMETER/FURLONG/")
    assert refused.status_code == 400
    assert "FURLONG" in refused.json()["message"]
