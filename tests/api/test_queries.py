"""A page costs the same number of queries for 1 object as for 20 (no N+1).

Each case builds one object, measures a request, builds 19 more and asserts the
same count with pytest-django's ``django_assert_num_queries``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from pyomero.model.actions import (
    do_add_map_annotation,
    do_add_tag,
    do_add_well_sample,
    do_create_dataset,
    do_create_plate,
    do_create_plate_acquisition,
    do_create_project,
    do_create_screen,
    do_link,
    do_save_roi,
)
from pyomero.model.context import EventContext
from pyomero.model.models import Dataset, Image, Plate
from pyomero.testing.factories import make_image
from pyomero.testing.personas import Personas

from .conftest import M


@dataclass
class Scene:
    """What a case builds on: the owner's context and shared parents."""

    ctx: EventContext
    people: Personas
    dataset_id: int = 0
    plate: Plate | None = None
    image: Image | None = None


Grow = Callable[[Scene, int], None]  # add one more object (the i-th)
Url = Callable[[Scene], str]


def _project(scene: Scene, i: int) -> None:
    project = do_create_project(scene.ctx, f"p{i}")
    do_create_dataset(scene.ctx, f"d{i}", project=project)


def _dataset_image(scene: Scene, i: int) -> None:
    if not scene.dataset_id:
        scene.dataset_id = do_create_dataset(scene.ctx, "holder").pk
    dataset = Dataset.objects.select_related("group").get(pk=scene.dataset_id)
    do_link(scene.ctx, dataset, make_image(scene.ctx, f"i{i}"))


def _screen(scene: Scene, i: int) -> None:
    do_create_plate(
        scene.ctx, f"plate{i}", rows=1, columns=1, screen=do_create_screen(scene.ctx, f"s{i}")
    )


def _well(scene: Scene, i: int) -> None:
    if scene.plate is None:
        scene.plate = do_create_plate(scene.ctx, "big", rows=4, columns=5)
        do_create_plate_acquisition(scene.ctx, scene.plate, "run")
    well = scene.plate.wells.order_by("id")[i]
    run = scene.plate.acquisitions.get()
    do_add_well_sample(scene.ctx, well, make_image(scene.ctx, f"w{i}"), plate_acquisition=run)


def _run(scene: Scene, i: int) -> None:
    if scene.plate is None:
        scene.plate = do_create_plate(scene.ctx, "runs", rows=1, columns=1)
    run = do_create_plate_acquisition(scene.ctx, scene.plate, f"run{i}")
    well = scene.plate.wells.get()
    do_add_well_sample(
        scene.ctx, well, make_image(scene.ctx, f"r{i}"), index=i, plate_acquisition=run
    )


def _field(scene: Scene, i: int) -> None:
    """One more field (well sample) in the one well of a 1x1 plate."""
    if scene.plate is None:
        scene.plate = do_create_plate(scene.ctx, "one well", rows=1, columns=1)
    image = make_image(scene.ctx, f"f{i}")
    do_add_well_sample(scene.ctx, scene.plate.wells.get(), image, index=i)


def _roi(scene: Scene, i: int) -> None:
    if scene.image is None:
        scene.image = make_image(scene.ctx, "with rois")
    do_save_roi(scene.ctx, scene.image, [{"kind": "Point", "x": 1.0, "y": 1.0}] * 2)


def _shapes(scene: Scene, i: int) -> None:
    """A new ROI with i + 1 shapes (the URL shows the newest)."""
    if scene.image is None:
        scene.image = make_image(scene.ctx, "rois")
    do_save_roi(scene.ctx, scene.image, [{"kind": "Point", "x": 1.0, "y": 1.0}] * (i + 1))


def _annotation(scene: Scene, i: int) -> None:
    if scene.image is None:
        scene.image = make_image(scene.ctx, "annotated")
    do_add_tag(scene.ctx, scene.image, f"tag{i}")
    do_add_map_annotation(scene.ctx, scene.image, [("k", str(i)), ("l", "v")])


def _channels(scene: Scene, i: int) -> None:
    """A new image with i + 1 channels (the URL shows the newest)."""
    scene.image = make_image(scene.ctx, f"channels {i}", size_c=i + 1)


Size = Callable[[Any], int]  # how many objects the answer holds


def listed(body: Any) -> int:
    return len(body["data"])


CASES: dict[str, tuple[Grow, Url, Size]] = {
    "projects": (_project, lambda s: f"{M}projects/?childCount=true&normalize=true", listed),
    "datasets": (_project, lambda s: f"{M}datasets/?childCount=true", listed),
    "images": (lambda s, i: make_image(s.ctx, f"i{i}"), lambda s: f"{M}images/", listed),
    "dataset images": (_dataset_image, lambda s: f"{M}datasets/{s.dataset_id}/images/", listed),
    "screens": (_screen, lambda s: f"{M}screens/?childCount=true", listed),
    "plates": (_screen, lambda s: f"{M}plates/", listed),
    "wells": (_well, lambda s: f"{M}plates/{s.plate.pk}/wells/", listed),
    "wells of an index": (
        _well,
        lambda s: f"{M}plates/{s.plate.pk}/wellsampleindex/0/wells/",
        listed,
    ),
    "runs": (_run, lambda s: f"{M}plates/{s.plate.pk}/plateacquisitions/", listed),
    "rois": (_roi, lambda s: f"{M}images/{s.image.pk}/rois/", listed),
    "shapes of a roi": (
        _shapes,
        lambda s: f"{M}rois/{s.image.rois.latest('id').pk}/",
        lambda body: len(body["data"]["shapes"]),
    ),
    "channels of an image": (
        _channels,
        lambda s: f"{M}images/{s.image.pk}/",
        lambda body: len(body["data"]["Pixels"]["Channels"]),
    ),
    "fields of a well": (
        _field,
        lambda s: f"{M}wells/{s.plate.wells.get().pk}/",
        lambda body: len(body["data"]["WellSamples"]),
    ),
    "annotations": (_annotation, lambda s: f"{M}annotations/", listed),
    "annotations of an image": (
        _annotation,
        lambda s: f"{M}images/{s.image.pk}/annotations/",
        listed,
    ),
}


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.mark.parametrize("case", CASES)
def test_a_page_costs_the_same_for_1_or_20_objects(
    case: str, personas: Personas, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    grow, url, size = CASES[case]
    scene = Scene(personas.ctx("owner", personas.group), personas)
    grow(scene, 0)
    client = Client()
    client.force_login(personas.member)
    client.get(url(scene))  # warm up the session
    once = count(client, url(scene))
    for i in range(1, 20):
        grow(scene, i)
    target = url(scene)
    with django_assert_num_queries(once):
        response = client.get(target)
    assert size(response.json()) >= 20
