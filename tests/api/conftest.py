"""Fixtures of the JSON API tests: signed-in clients per persona, and a small world.

``world``: in the personas' read-annotate group, ``owner`` has a project holding a
dataset of two images (the first with a ROI and annotations), an orphaned dataset
and image, and a screen holding a plate of 2x3 wells, two of them with two
fields each in a run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from pyomero.model.actions import (
    do_add_comment,
    do_add_file_annotation,
    do_add_map_annotation,
    do_add_tag,
    do_add_well_sample,
    do_create_dataset,
    do_create_original_file,
    do_create_plate,
    do_create_plate_acquisition,
    do_create_screen,
    do_save_roi,
    do_set_rating,
)
from pyomero.model.context import EventContext
from pyomero.model.models import Dataset, Image, Plate, PlateAcquisition, Project, Roi, Screen
from pyomero.testing.factories import make_image, make_tree
from pyomero.testing.personas import Personas

API = "/api/v0/"
M = f"{API}m/"

SignIn = Callable[[str], Client]


@pytest.fixture
def sign_in(personas: Personas) -> SignIn:
    """``sign_in("member")``: a client with the persona's session."""

    def make(persona: str) -> Client:
        client = Client()
        client.force_login(personas.user(persona))
        return client

    return make


@pytest.fixture
def sign_in_strict(personas: Personas) -> SignIn:
    """Like ``sign_in``, with a client that checks CSRF tokens as browsers meet them."""

    def make(persona: str) -> Client:
        client = Client(enforce_csrf_checks=True)
        client.force_login(personas.user(persona))
        return client

    return make


@dataclass
class World:
    people: Personas
    project: Project
    dataset: Dataset
    images: list[Image]
    orphan_dataset: Dataset
    orphan_image: Image
    roi: Roi
    screen: Screen
    plate: Plate
    run: PlateAcquisition


def make_world(people: Personas) -> World:
    ctx = people.ctx("owner", people.group)
    project, dataset, images = make_tree(ctx, images=2, name="alpha")
    images[0].pixels.physical_size_x = 0.5
    images[0].pixels.save(update_fields=["physical_size_x"])
    rectangle = {"kind": "Rectangle", "x": 1.0, "y": 2.0, "width": 3.0, "height": 4.0}
    roi = do_save_roi(ctx, images[0], [rectangle, {"kind": "Point", "x": 5.0, "y": 6.0}])
    annotate(ctx, images[0])
    orphan_dataset = do_create_dataset(ctx, "Loose dataset")
    orphan_image = make_image(ctx, "loose.tif")
    screen = do_create_screen(ctx, "screen")
    plate = do_create_plate(ctx, "plate", rows=2, columns=3, screen=screen)
    run = do_create_plate_acquisition(ctx, plate, "run 1")
    wells = list(plate.wells.order_by("row", "column"))
    for index, well in enumerate(wells[:2]):
        for field in range(2):
            image = make_image(ctx, f"well {index} field {field}")
            do_add_well_sample(ctx, well, image, index=field, plate_acquisition=run)
    return World(
        people, project, dataset, images, orphan_dataset, orphan_image, roi, screen, plate, run
    )


def annotate(ctx: EventContext, image: Image) -> None:
    """A tag, key-value pairs, a comment, a rating and an attached file."""
    do_add_tag(ctx, image, "mitosis")
    do_add_map_annotation(ctx, image, [("gene", "CDK1"), ("organism", "human")])
    do_add_comment(ctx, image, "a fine cell")
    do_set_rating(ctx, image, 4)
    file = do_create_original_file(ctx, "notes.txt", size=12, sha1="a" * 40, mimetype="text/plain")
    do_add_file_annotation(ctx, image, file, description="lab notes")


@pytest.fixture
def world(personas: Personas) -> World:
    return make_world(personas)


def data(response: Any) -> Any:
    """The ``data`` of a 200 JSON answer."""
    assert response.status_code == 200, response.content
    return response.json()["data"]


def names(response: Any) -> list[str]:
    return [item["Name"] for item in data(response)]
