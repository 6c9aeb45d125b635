"""A Z projection saved as a new image (OMERO.iviewer's "save projection").

Every time point and channel of the source is projected over the Z range (max, mean
or sum, as rendering does) into a single-plane image of the same pixel type. The
pyramid is written chunk by chunk: each chunk reads the Z range of its region only.
The new image is ctx's, in the source's group, named ``<name>_proj<ext>``, carries
the source's channels, pixel sizes and rendering settings, and a description that
says where it comes from; it may go into a dataset ctx may link to.
"""

from __future__ import annotations

import dataclasses
import uuid
from pathlib import PurePath
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pyomero.imaging.config import imaging_config
from pyomero.imaging.rendering_defs import load_image, save_settings
from pyomero.imaging.stores import open_pixels
from pyomero.model.access import access_dataset
from pyomero.model.actions import do_create_image
from pyomero.model.context import EventContext
from pyomero.model.models import Channel, Image
from pyomero.model.permissions import Action
from pyomero.pixels import NgffSeries, WriteOptions, write_pyramid
from pyomero.pixels.contract import Series
from pyomero.rendering import (
    ParameterOutOfRangeError,
    Projection,
    check_projection_size,
    project,
    resolve_projection_range,
)

CHANNEL_FIELDS = (
    "name",
    "red",
    "green",
    "blue",
    "alpha",
    "emission_wave",
    "emission_wave_unit",
    "excitation_wave",
    "excitation_wave_unit",
)


class ProjectedSeries(Series):
    """The source series projected over Z: one plane per time point and channel."""

    def __init__(
        self, source: NgffSeries, projection: Projection, first: int, last: int, max_bytes: int
    ) -> None:
        meta = source.metadata
        levels = meta.levels[:1]
        super().__init__(source.path, dataclasses.replace(meta, size_z=1, planes=(), levels=levels))
        self.source = source
        self.projection = projection
        self.first = first
        self.last = last
        self.max_bytes = max_bytes

    def _read(
        self, level: int, t: int, c: int, z: int, y: int, x: int, h: int, w: int
    ) -> NDArray[Any]:
        stack = np.stack(
            [
                self.source.read(0, t, c, plane, y, x, h, w)
                for plane in range(self.first, self.last + 1)
            ]
        )
        return project(stack, self.projection, max_bytes=self.max_bytes)


def _channels(rows: list[Channel], stats: list[tuple[float, float]]) -> list[dict[str, Any]]:
    specs = []
    for row, (low, high) in zip(rows, stats, strict=False):
        spec = {name: getattr(row, name) for name in CHANNEL_FIELDS}
        spec.update(stats_min=low, stats_max=high)
        specs.append(spec)
    return specs


def save_projection(
    ctx: EventContext,
    image_id: object,
    projection: Projection,
    start: int | None,
    end: int | None,
    *,
    dataset_id: object = None,
) -> Image:
    """Project ``image_id`` over Z ``start..end`` (inclusive) and save it as a new image."""
    if projection is Projection.NORMAL:
        raise ParameterOutOfRangeError(
            "the normal projection projects nothing", parameter="projection"
        )
    loaded = load_image(ctx, image_id)
    source, pixels = loaded.image, loaded.pixels
    first, last = resolve_projection_range(start, end, pixels.size_z)
    config = imaging_config()
    dtype = np.dtype(open_pixels(pixels).metadata.dtype)
    check_projection_size(
        pixels.size_x, pixels.size_y, last - first + 1, dtype, config.max_projection_bytes
    )
    dataset = access_dataset(ctx, dataset_id, Action.LINK) if dataset_id is not None else None
    series = ProjectedSeries(
        open_pixels(pixels), projection, first, last, config.max_projection_bytes
    )
    path = f"Pixels/{uuid.uuid4().hex}.ome.zarr"
    info = write_pyramid(series, config.data_dir / path, WriteOptions(workers=1))
    stem, suffix = PurePath(source.name).stem, PurePath(source.name).suffix
    times = "timepoint: 1" if pixels.size_t == 1 else f"timepoints: 1-{pixels.size_t}"
    description = "\n".join(
        (
            f"Image's name: {source.name}",
            f"Image: {source.pk}",
            f"Projection Type: {projection.value}",
            f"z-sections: {first + 1}-{last + 1}",
            times,
        )
    )
    rows = list(pixels.channels.order_by("index"))
    image = do_create_image(
        ctx.in_group(source.group_id),
        f"{stem}_proj{suffix}",
        size_x=pixels.size_x,
        size_y=pixels.size_y,
        size_c=pixels.size_c,
        size_t=pixels.size_t,
        pixels_type=pixels.pixels_type,
        channels=_channels(rows, [(s.min, s.max) for s in info.stats]),
        description=description,
        dataset=dataset,
        path=path,
        physical_size_x=pixels.physical_size_x,
        physical_size_x_unit=pixels.physical_size_x_unit,
        physical_size_y=pixels.physical_size_y,
        physical_size_y_unit=pixels.physical_size_y_unit,
    )
    settings = dataclasses.replace(
        loaded.current.settings,
        projection=Projection.NORMAL,
        projection_start=None,
        projection_end=None,
        default_z=0,
    )
    save_settings(ctx.in_group(source.group_id), image, settings)
    return image
