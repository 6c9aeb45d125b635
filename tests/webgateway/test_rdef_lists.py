"""``compatImgRDef/<iid>/`` and ``get_image_rdefs_json/<iid>/``."""

from __future__ import annotations

from django.test import Client
from tests.webgateway.helpers import url

from pyomero.model.actions import do_create_dataset, do_create_project, do_link
from pyomero.model.models import Image
from pyomero.testing.images import make_pixels_image


def test_it_lists_compatible_images_of_the_project(owner: Client, image: Image, owner_ctx) -> None:
    project = do_create_project(owner_ctx, "p")
    first = do_create_dataset(owner_ctx, "a", project=project)
    second = do_create_dataset(owner_ctx, "b", project=project)
    do_link(owner_ctx, first, image)
    same = make_pixels_image(owner_ctx, dataset=second)
    make_pixels_image(owner_ctx, dataset=second, size_c=3)
    make_pixels_image(owner_ctx, dataset=second, pixel_type="uint8")
    response = owner.get(url("webgateway_list_compatible_imgs_json", image.pk))
    assert response.status_code == 200 and response.json() == [same.pk]


def test_it_lists_every_users_settings(client_for, image: Image, personas) -> None:
    client_for("member").post(
        url("webgateway_save_image_rdef_json", image.pk) + "?c=1|1:2$FF0000,2|3:4$fire.lut&m=g"
    )
    rdefs = (
        client_for("owner").get(url("webgateway_get_image_rdefs_json", image.pk)).json()["rdefs"]
    )
    assert [r["owner"]["firstName"] for r in rdefs] == ["Owner", "Member"]
    theirs = rdefs[1]
    assert theirs["model"] == "greyscale" and (theirs["z"], theirs["t"]) == (0, 0)
    assert theirs["c"][0] == {
        "active": True,
        "start": 1.0,
        "end": 2.0,
        "color": "FF0000",
        "inverted": False,
        "reverseIntensity": False,
        "family": "linear",
        "coefficient": 1.0,
    }
    assert theirs["c"][1]["lut"] == "fire.lut" and rdefs[0]["model"] == "rgb"


def test_it_hides_both_from_outsiders(client_for, image: Image) -> None:
    outsider = client_for("outsider")
    assert outsider.get(url("webgateway_list_compatible_imgs_json", image.pk)).status_code == 404
    assert outsider.get(url("webgateway_get_image_rdefs_json", image.pk)).status_code == 404
