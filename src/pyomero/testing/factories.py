"""Small builders of model data, through the real actions (tests and demo data)."""

from __future__ import annotations

from typing import Any

from pyomero.model.actions import (
    do_create_dataset,
    do_create_image,
    do_create_project,
    do_link,
)
from pyomero.model.context import EventContext
from pyomero.model.models import Dataset, ExperimenterGroup, Image, Project


def in_group(ctx: EventContext, group: ExperimenterGroup | int) -> EventContext:
    return ctx.in_group(group if isinstance(group, int) else group.pk)


def make_image(ctx: EventContext, name: str = "image.tif", **fields: Any) -> Image:
    """A 64x48 uint8 image with 2 channels, unless ``fields`` say otherwise."""
    spec: dict[str, Any] = {
        "size_x": 64,
        "size_y": 48,
        "size_c": 2,
        "channels": [{"name": "DAPI", "red": 0, "green": 0, "blue": 255, "alpha": 255}],
    }
    spec.update(fields)
    return do_create_image(ctx, name, **spec)


def make_tree(
    ctx: EventContext, images: int = 2, name: str = "tree"
) -> tuple[Project, Dataset, list[Image]]:
    """A project holding a dataset holding ``images`` images."""
    project = do_create_project(ctx, f"{name} project")
    dataset = do_create_dataset(ctx, f"{name} dataset", project=project)
    made = [make_image(ctx, f"{name} image {i}.tif") for i in range(images)]
    for image in made:
        do_link(ctx, dataset, image)
    return project, dataset, made
