"""What OMERO.figure reads about images, and its panels rendered at a chosen scale.

:func:`scaled_region` is OMERO.figure's ``render_scaled_region``: a region in
full-resolution coordinates, rendered from the pyramid level at which its longest
side is largest but still under ``max_size`` pixels, with the part that lies outside
the image painted light grey (OMERO.figure lets a panel be panned past the edge).
The figure export renders its panels with the same function.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import Prefetch
from numpy.typing import NDArray

from pyomero.imaging.image_data import PIXEL_RANGES, image_data
from pyomero.imaging.render import Prepared, prepare, render_area
from pyomero.imaging.viewer_info import delta_t
from pyomero.model.access import access_image
from pyomero.model.context import EventContext
from pyomero.model.models import Image, Roi, ShapeKind
from pyomero.model.queries import visible_images, visible_rois, visible_shapes
from pyomero.rendering import InvalidParameterError, PlaneRegion, RenderQuery
from pyomero.rendering.figure import LENGTH_UNITS

#: OMERO.figure paints the part of a region outside the image in this grey.
OUTSIDE = (221, 221, 221)


def length_units() -> dict[str, dict[str, Any]]:
    """The page's ``LENGTH_UNITS``: ``{name: {"symbol", "microns"}}``."""
    return {
        name: {"symbol": symbol, "microns": size} for name, (symbol, size) in LENGTH_UNITS.items()
    }


def convert_length(value: float, from_unit: str, to_unit: str) -> dict[str, Any]:
    """``unit_conversion``: ``value`` in ``from_unit`` as ``{"value", "unit", "symbol"}``."""
    for unit in (from_unit, to_unit):
        if unit not in LENGTH_UNITS:
            raise InvalidParameterError(f"{unit!r} is not a unit of length", parameter="unit")
    converted = value * LENGTH_UNITS[from_unit][1] / LENGTH_UNITS[to_unit][1]
    return {"value": converted, "unit": to_unit, "symbol": LENGTH_UNITS[to_unit][0]}


def _unit(name: str) -> tuple[str, float]:
    return LENGTH_UNITS.get(name, LENGTH_UNITS["MICROMETER"])


def figure_image_data(ctx: EventContext, image_id: object) -> dict[str, Any]:
    """OMERO.figure's ``imgData``: the webgateway's, with the pixel sizes in their own
    units, the time of each T index and the image's parents."""
    rv: dict[str, Any] = image_data(ctx, image_id)
    image = access_image(ctx, image_id)
    pixels = image.pixels
    sizes = rv.setdefault("pixel_size", {})
    for axis in ("X", "Y", "Z"):
        value = getattr(pixels, f"physical_size_{axis.lower()}")
        unit = getattr(pixels, f"physical_size_{axis.lower()}_unit") or "MICROMETER"
        if value is None:
            continue
        sizes[f"value{axis}"] = value
        sizes[f"symbol{axis}"] = _unit(unit)[0]
        sizes[f"unit{axis}"] = unit
    rv["deltaT"] = delta_t(ctx, image.pk)["delta_t"] if pixels.size_t > 1 else []
    rv["parents"] = _parents(rv.get("meta", {}))
    return rv


def _parents(meta: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if meta.get("projectId"):
        found["project"] = {"id": meta["projectId"], "name": meta.get("projectName", "")}
    if meta.get("datasetId"):
        found["dataset"] = {"id": meta["datasetId"], "name": meta.get("datasetName", "")}
    if meta.get("wellId"):
        found["well"] = {"id": meta["wellId"]}
    return found


def _visible(ctx: EventContext, image_ids: Iterable[object], *related: str) -> list[Image]:
    """The images among ``image_ids`` ctx sees (what is not an id is left out)."""
    wanted = {int(str(i)) for i in image_ids if str(i).strip().isdigit()}
    images = visible_images(ctx).filter(pk__in=wanted).select_related("pixels", *related)
    return list(images.order_by("pk"))


def timestamps(ctx: EventContext, image_ids: Iterable[object]) -> dict[str, list[float]]:
    """``{image id: [seconds of each T index]}`` of the images ctx sees."""
    return {
        str(image.pk): (delta_t(ctx, image.pk)["delta_t"] if image.pixels.size_t > 1 else [])
        for image in _visible(ctx, image_ids)
    }


def pixel_types(ctx: EventContext, image_ids: Iterable[object]) -> dict[str, Any]:
    """``{image id: {"pixelsType", "pixel_range"}}``."""
    found = {}
    for image in _visible(ctx, image_ids):
        kind = image.pixels.pixels_type
        found[str(image.pk)] = {"pixelsType": kind, "pixel_range": list(PIXEL_RANGES[kind])}
    return found


def z_scales(ctx: EventContext, image_ids: Iterable[object]) -> dict[str, Any]:
    """``{image id: {"valueZ", "symbolZ", "unitZ"}}`` of the images with a Z size."""
    found = {}
    for image in _visible(ctx, image_ids):
        pixels = image.pixels
        if pixels.physical_size_z is None:
            continue
        unit = pixels.physical_size_z_unit or "MICROMETER"
        found[str(image.pk)] = {
            "valueZ": pixels.physical_size_z,
            "symbolZ": _unit(unit)[0],
            "unitZ": unit,
        }
    return found


def images_details(ctx: EventContext, image_ids: Iterable[object]) -> list[dict[str, Any]]:
    """The group and owner of each image ctx sees."""
    return [
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
        for image in _visible(ctx, image_ids, "owner", "group")
    ]


def roi_counts(ctx: EventContext, image_id: object, *, shapes: bool) -> dict[str, int]:
    """``{"roi": n}`` (and ``"shape": n``) of the ROIs on an image that ctx sees."""
    image = access_image(ctx, image_id)
    found = {"roi": visible_rois(ctx).filter(image_id=image.pk).count()}
    if shapes:
        found["shape"] = visible_shapes(ctx).filter(roi__image_id=image.pk).count()
    return found


@dataclass(frozen=True)
class Region:
    """A rectangle in full-resolution pixel coordinates (may reach past the edges)."""

    x: float
    y: float
    width: float
    height: float

    @classmethod
    def parse(cls, text: str) -> Region:
        try:
            x, y, width, height = (float(part) for part in text.split(","))
        except ValueError:
            raise InvalidParameterError(
                f"region={text!r} is not x,y,width,height", parameter="region"
            ) from None
        if not all(np.isfinite((x, y, width, height))) or width <= 0 or height <= 0:
            raise InvalidParameterError(
                f"region={text!r} needs finite numbers and a positive size", parameter="region"
            )
        return cls(x, y, width, height)


def _level(prepared: Prepared, region: Region, max_size: int) -> tuple[int, float]:
    """The finest level at which the region's longest side stays under ``max_size``
    (the coarsest when none does), and its scale against full resolution."""
    sizes = prepared.level_sizes
    full_width = sizes[0][0]
    longest = max(region.width, region.height)
    chosen = len(sizes) - 1
    while chosen > 0 and longest * sizes[chosen - 1][0] / full_width < max_size:
        chosen -= 1
    return chosen, sizes[chosen][0] / full_width


def scaled_region_array(
    ctx: EventContext,
    image_id: object,
    query: RenderQuery,
    z: int,
    t: int,
    region: Region,
    max_size: int = 2000,
) -> NDArray[np.uint8]:
    """The (H, W, 3) rendering of ``region`` at the level :func:`_level` picks."""
    if max_size <= 0:
        raise InvalidParameterError("max_size must be positive", parameter="max_size")
    prepared = prepare(ctx, image_id, query, z, t)
    level, scale = _level(prepared, region, max_size)
    level_width, level_height = prepared.level_sizes[level]
    x, y = int(region.x * scale), int(region.y * scale)
    width = max(1, int(region.width * scale))
    height = max(1, int(region.height * scale))
    if width * height > prepared.config.max_plane_pixels * 4:
        raise InvalidParameterError("the region is too large to render", parameter="region")
    canvas = np.empty((height, width, 3), dtype=np.uint8)
    canvas[:] = OUTSIDE
    left, top = max(x, 0), max(y, 0)
    right, bottom = min(x + width, level_width), min(y + height, level_height)
    if right > left and bottom > top:
        inside = PlaneRegion(level, left, top, right - left, bottom - top)
        canvas[top - y : bottom - y, left - x : right - x] = render_area(prepared, inside)
    return canvas


def rectangle_rois(
    ctx: EventContext, image_id: object, offset: int | None, limit: int | None
) -> tuple[list[Roi], int]:
    """The image's ROIs that hold rectangles (with only their rectangles, owner and
    group fetched), a page of them, and how many there are."""
    image = access_image(ctx, image_id)
    rectangles = visible_shapes(ctx).filter(kind=ShapeKind.RECTANGLE)
    rois = (
        visible_rois(ctx)
        .filter(image_id=image.pk, pk__in=rectangles.values("roi_id"))
        .order_by("pk")
        .prefetch_related(
            Prefetch("shapes", rectangles.select_related("owner", "group").order_by("pk"))
        )
        .select_related("owner", "group")
    )
    total = rois.count()
    start = offset or 0
    page = rois[start : start + limit] if limit is not None else rois[start:]
    return list(page), total
