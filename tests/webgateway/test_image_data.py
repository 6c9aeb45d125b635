"""``imgData/<iid>/[<key>/]``: every field OMERO.iviewer and OMERO.figure read."""

from __future__ import annotations

import itertools

import pytest
from django.test import Client
from tests.webgateway.helpers import url

from pyomero.conf import Config
from pyomero.model.actions import (
    do_add_well_sample,
    do_create_dataset,
    do_create_plate,
    do_create_project,
    do_link,
)
from pyomero.model.models import Image, Well
from pyomero.testing.images import make_pixels_image


def data(client: Client, image: Image, *key: str, **query: str):
    response = client.get(url("webgateway_imageData_json", image.pk, *key), query)
    assert response.status_code == 200, response.content
    return response.json()


def test_it_describes_the_image(owner: Client, image: Image, owner_ctx) -> None:
    project = do_create_project(owner_ctx, "p")
    dataset = do_create_dataset(owner_ctx, "d", project=project)
    do_link(owner_ctx, dataset, image)
    rv = data(owner, image)
    assert rv["id"] == image.pk
    meta = rv["meta"]
    assert meta["imageName"] == "synthetic.tif" and meta["imageAuthor"] == "Owner Person"
    assert (meta["projectName"], meta["projectId"]) == ("p", project.pk)
    assert (meta["datasetName"], meta["datasetId"]) == ("d", dataset.pk)
    assert meta["pixelsType"] == "uint16" and meta["imageId"] == image.pk
    assert isinstance(meta["imageTimestamp"], float) and meta["wellId"] == ""
    assert rv["perms"] == {"canAnnotate": True, "canEdit": True, "canDelete": True, "canLink": True}
    assert rv["size"] == {"width": 64, "height": 48, "z": 1, "t": 1, "c": 2}
    assert rv["pixel_size"] == {"x": 0.5, "y": 0.5, "z": None}
    assert rv["pixel_range"] == [0, 65535]
    assert rv["rdefs"] == {
        "model": "color",
        "projection": "normal",
        "defaultZ": 0,
        "defaultT": 0,
        "invertAxis": False,
    }
    assert rv["split_channel"]["c"] == {
        "width": 134,
        "height": 102,
        "border": 2,
        "gridx": 2,
        "gridy": 2,
    }
    assert (rv["tiles"], rv["init_zoom"], rv["interpolate"]) == (False, 0, True)


def test_it_describes_channels(owner: Client, image: Image) -> None:
    dapi, gfp = data(owner, image)["channels"]
    assert dapi["label"] == "DAPI" and dapi["active"] is True
    assert len(dapi["color"]) == 6 and dapi["color"] == dapi["color"].upper()
    assert dapi["family"] == "linear" and dapi["coefficient"] == 1.0
    assert dapi["inverted"] is False and dapi["reverseIntensity"] is False
    assert set(dapi["window"]) == {"min", "max", "start", "end"}
    assert dapi["window"]["start"] == dapi["window"]["min"] and dapi["emissionWave"] is None
    assert "lut" not in gfp


def test_it_says_who_may_do_what(client_for, image: Image) -> None:
    perms = data(client_for("member"), image)["perms"]
    assert perms == {"canAnnotate": True, "canEdit": False, "canDelete": False, "canLink": False}


def test_it_shows_the_users_settings_or_the_imported_ones(owner: Client, image: Image) -> None:
    owner.post(
        url("webgateway_save_image_rdef_json", image.pk) + "?c=1|5:6$FF0000,2|0:9$fire.lut&m=g"
    )
    saved = data(owner, image)
    assert saved["rdefs"]["model"] == "greyscale" and saved["channels"][1]["lut"] == "fire.lut"
    imported = data(owner, image, getDefaults="true")
    assert imported["rdefs"]["model"] == "color" and "lut" not in imported["channels"][1]


def test_it_selects_a_key(owner: Client, image: Image) -> None:
    assert data(owner, image, "size") == {"width": 64, "height": 48, "z": 1, "t": 1, "c": 2}
    assert owner.get(url("webgateway_imageData_json", image.pk, "nope")).json() is None


def test_it_describes_tiled_images(owner: Client, owner_ctx, settings) -> None:
    big = make_pixels_image(owner_ctx, size_x=600, size_y=400, chunk=128, smallest_side=100)
    settings.OMERO_CONFIG = Config(
        {
            "omero.pixeldata.max_plane_width": "256",
            "omero.pixeldata.max_plane_height": "256",
            "omero.client.viewer.initial_zoom_level": "-1",
        },
        settings.OMERO_CONFIG.omerodir,
    )
    rv = data(owner, big)
    assert rv["tiles"] is True and rv["levels"] == 4
    assert rv["tile_size"] == {"width": 128, "height": 128}
    scaling = [rv["zoomLevelScaling"][str(i)] for i in range(4)]
    assert scaling[0] == 1.0 and all(a > b for a, b in itertools.pairwise(scaling))
    assert rv["resolutions"][0] == [600, 400] and rv["init_zoom"] == 3


def test_it_asks_viewers_to_back_off_while_pixels_are_written(owner: Client, owner_ctx) -> None:
    writing = make_pixels_image(owner_ctx, state="writing")
    rv = data(owner, writing)
    assert rv["ConcurrencyException"] == {"backOff": 5000} and "channels" not in rv


@pytest.mark.parametrize("persona", ["outsider"])
def test_it_hides_the_image(client_for, image: Image, persona: str) -> None:
    response = client_for(persona).get(url("webgateway_imageData_json", image.pk))
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_it_says_multiple_for_an_image_in_several_datasets(
    owner: Client, image: Image, owner_ctx
) -> None:
    for name in ("d1", "d2"):
        project = do_create_project(owner_ctx, "p" + name, description="about " + name)
        dataset = do_create_dataset(owner_ctx, name, project=project)
        do_link(owner_ctx, dataset, image)
    meta = data(owner, image)["meta"]
    assert (meta["datasetName"], meta["datasetId"]) == ("Multiple", None)
    assert (meta["projectName"], meta["projectId"]) == ("Multiple", None)
    assert meta["datasetDescription"] == meta["projectDescription"] == ""


def test_it_describes_the_parents_and_the_well(owner: Client, owner_ctx) -> None:
    project = do_create_project(owner_ctx, "p", description="the project")
    dataset = do_create_dataset(owner_ctx, "d", project=project, description="the dataset")
    image = make_pixels_image(owner_ctx, dataset=dataset)
    meta = data(owner, image)["meta"]
    assert meta["projectDescription"] == "the project"
    assert meta["datasetDescription"] == "the dataset" and meta["imageDescription"] == ""
    plate = do_create_plate(owner_ctx, "plate", rows=1, columns=1)
    well = Well.objects.get(plate=plate)
    in_well = make_pixels_image(owner_ctx)
    do_add_well_sample(owner_ctx, well, in_well)
    assert data(owner, in_well)["meta"]["wellId"] == well.pk
