"""Every endpoint, GET as the data's owner: status, envelope and declared keys.

The table gives each endpoint of ``pyomero.api.endpoints`` the URL arguments to
try it with; an endpoint missing from the table fails the test, so each new URL
comes with its contract case.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pyomero.api.endpoints import ENDPOINTS, Endpoint
from pyomero.imaging import imported_settings, save_settings
from pyomero.model.context import event_context
from pyomero.model.models import Image

from .conftest import World
from .contract import mismatches

Args = Callable[[World], dict[str, Any]]


def _none(world: World) -> dict[str, Any]:
    return {}


def _with_rendering_def(image: Image) -> dict[str, Any]:
    """The image, once its owner has saved settings (answers then carry ``@id``)."""
    ctx = event_context(image.owner)
    save_settings(ctx, image, imported_settings(image.pixels))
    return {"object_id": image.pk}


CASES: dict[str, Args] = {
    "api_versions": _none,
    "api_base": _none,
    "api_token": _none,
    "api_servers": _none,
    "api_openapi": _none,
    "api_projects": _none,
    "api_project": lambda w: {"object_id": w.project.pk},
    "api_dataset_projects": lambda w: {"dataset_id": w.dataset.pk},
    "api_datasets": _none,
    "api_dataset": lambda w: {"object_id": w.dataset.pk},
    "api_project_datasets": lambda w: {"project_id": w.project.pk},
    "api_image_datasets": lambda w: {"image_id": w.images[0].pk},
    "api_images": _none,
    "api_image": lambda w: {"object_id": w.images[0].pk},
    "api_image_rendering": lambda w: _with_rendering_def(w.images[0]),
    "api_image_zarr_link": lambda w: {"object_id": w.images[0].pk},
    "api_dataset_images": lambda w: {"dataset_id": w.dataset.pk},
    "api_screens": _none,
    "api_screen": lambda w: {"object_id": w.screen.pk},
    "api_plate_screens": lambda w: {"plate_id": w.plate.pk},
    "api_plates": _none,
    "api_plate": lambda w: {"object_id": w.plate.pk},
    "api_screen_plates": lambda w: {"screen_id": w.screen.pk},
    "api_well_plates": lambda w: {"well_id": w.plate.wells.first().pk},
    "api_plate_plateacquisitions": lambda w: {"plate_id": w.plate.pk},
    "api_plateacquisition": lambda w: {"object_id": w.run.pk},
    "api_wells": _none,
    "api_well": lambda w: {"object_id": w.plate.wells.order_by("id").first().pk},
    "api_plate_wells": lambda w: {"plate_id": w.plate.pk},
    "api_plateacquisition_wells": lambda w: {"plateacquisition_id": w.run.pk},
    "api_plate_wellsampleindex_wells": lambda w: {"plate_id": w.plate.pk, "index": 1},
    "api_plateacquisition_wellsampleindex_wells": lambda w: {
        "plateacquisition_id": w.run.pk,
        "index": 0,
    },
    "api_rois": _none,
    "api_roi": lambda w: {"object_id": w.roi.pk},
    "api_image_rois": lambda w: {"image_id": w.images[0].pk},
    "api_shape": lambda w: {"object_id": w.roi.shapes.first().pk},
    "api_experimenters": _none,
    "api_experimenter": lambda w: {"object_id": w.people.owner.pk},
    "api_experimentergroup_experimenters": lambda w: {"experimentergroup_id": w.people.group.pk},
    "api_experimentergroups": _none,
    "api_experimentergroup": lambda w: {"object_id": w.people.group.pk},
    "api_experimenter_experimentergroups": lambda w: {"experimenter_id": w.people.owner.pk},
    "api_annotations": _none,
    "api_object_annotations": lambda w: {"object_type": "Image", "object_id": w.images[0].pk},
}
NOT_GET = {"api_login", "api_logout", "api_save", "api_annotation", "api_object_annotation"}
# bytes: tests/api/test_zarr.py, test_object_annotations.py
NOT_JSON = {"api_image_zarr", "api_zarr_link_store", "api_annotation_file"}
GETTABLE = [e for e in ENDPOINTS if e.name not in NOT_GET | NOT_JSON]


def test_it_has_a_case_for_every_endpoint() -> None:
    assert {e.name for e in GETTABLE} == set(CASES)


@pytest.mark.parametrize("endpoint", GETTABLE, ids=lambda e: e.name)
def test_it_answers_with_the_declared_shape(
    endpoint: Endpoint, world: World, sign_in: Callable[[str], Client]
) -> None:
    kwargs = CASES[endpoint.name](world)
    if endpoint.name != "api_versions":
        kwargs["api_version"] = "0"
    response = sign_in("owner").get(reverse(endpoint.name, kwargs=kwargs))
    assert response.status_code == 200, response.content
    assert response["X-OMERO-ApiVersion"] == "0.2"
    body = response.json()
    assert mismatches(body, endpoint.response) == []
    if "meta" in body:
        assert body["data"], "the world has something to list"
        assert set(body["meta"]) == {"offset", "limit", "maxLimit", "totalCount"}
    elif isinstance(body.get("data"), dict):
        assert {"@id", "@type"} <= set(body["data"])


def test_its_check_notices_undeclared_keys_and_wrong_types() -> None:
    from pyomero.api.schema import ProjectJson

    project = {"@id": "1", "Name": "p", "Colour": 3, "omero:details": {"owner": {"@id": True}}}
    assert mismatches(project, ProjectJson) == [
        ".@id: '1' is not int",
        ".Colour: not declared in ProjectJson",
        ".omero:details.owner.@id: True is not int",
    ]
