"""Images with real pixels for tests and demo data: a synthetic pyramid on disk, the
Image/Pixels/Channel rows that point at it, and the owner's imported settings.

::

    image = make_pixels_image(ctx, size_x=600, size_y=400, size_c=3)
    expected = synthetic_plane(image, c=0)        # the level-0 values of channel 0

The pyramid is written with :func:`pyomero.pixels.write_pyramid` from
:func:`pyomero.pixels.synthetic.synthetic_series` into ``omero.data.dir`` (Django's
``settings.OMERO_CONFIG``), under ``Pixels/<random>.ome.zarr``.
"""

from __future__ import annotations

import uuid
from typing import Any

import numpy as np
from django.conf import settings
from numpy.typing import NDArray

from pyomero.imaging.rendering_defs import imported_settings, save_settings
from pyomero.model.actions import do_create_image
from pyomero.model.context import EventContext
from pyomero.model.models import Dataset, Image, Pixels, PixelsState
from pyomero.pixels import PixelType, WriteOptions, write_pyramid
from pyomero.pixels.synthetic import plane, synthetic_series

CHANNEL_NAMES = ("DAPI", "GFP", "RFP", "Cy5", "Cy7", "far red", "IR", "UV")


def make_pixels_image(
    ctx: EventContext,
    name: str = "synthetic.tif",
    *,
    size_x: int = 64,
    size_y: int = 48,
    size_z: int = 1,
    size_c: int = 2,
    size_t: int = 1,
    pixel_type: str = "uint16",
    chunk: int = 256,
    smallest_side: int = 256,
    state: str = PixelsState.READY,
    settings_saved: bool = True,
    dataset: Dataset | None = None,
    channels: list[dict[str, Any]] | None = None,
) -> Image:
    """An image of ctx's with a synthetic pyramid (none when ``state`` is ``writing``).

    The channel rows get the pyramid's min/max; ``settings_saved`` saves the imported
    default settings as the owner's rendering def, as an import does.
    """
    path = f"Pixels/{uuid.uuid4().hex}.ome.zarr"
    stats: list[tuple[float, float]] = []
    if state != PixelsState.WRITING:
        series = synthetic_series(
            size_x,
            size_y,
            size_z=size_z,
            size_c=size_c,
            size_t=size_t,
            pixel_type=PixelType(pixel_type),
        )
        options = WriteOptions(chunk=chunk, smallest_side=smallest_side, workers=1)
        info = write_pyramid(series, settings.OMERO_CONFIG.data_dir() / path, options)
        stats = [(s.min, s.max) for s in info.stats]
    specs = []
    for index in range(size_c):
        spec: dict[str, Any] = {"name": CHANNEL_NAMES[index % len(CHANNEL_NAMES)]}
        if index < len(stats):
            spec.update(stats_min=stats[index][0], stats_max=stats[index][1])
        if channels is not None and index < len(channels):
            spec.update(channels[index])
        specs.append(spec)
    image = do_create_image(
        ctx,
        name,
        size_x=size_x,
        size_y=size_y,
        size_z=size_z,
        size_c=size_c,
        size_t=size_t,
        pixels_type=pixel_type,
        channels=specs,
        dataset=dataset,
        path=path,
        state=state,
        physical_size_x=0.5,
        physical_size_y=0.5,
    )
    if settings_saved and state == PixelsState.READY:
        save_settings(ctx, image, imported_settings(pixels_of(image)))
    return image


def pixels_of(image: Image) -> Pixels:
    return Pixels.objects.get(image=image)


def synthetic_plane(image: Image, c: int = 0, z: int = 0, t: int = 0) -> NDArray[Any]:
    """The full-resolution values of plane (c, z, t) of a :func:`make_pixels_image` image."""
    pixels = pixels_of(image)
    values = plane(PixelType(pixels.pixels_type), t, c, z, pixels.size_y, pixels.size_x)
    return np.asarray(values)
