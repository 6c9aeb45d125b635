"""ROIs by plane, for a viewer that pages through the ROIs of big images.

A shape without ``theZ`` (or ``theT``) is on every Z (or T) plane, so it counts on
each. Only ROIs and shapes ctx may see are counted and returned.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from pyomero.model.access import access_image, access_roi, access_shape
from pyomero.model.context import EventContext
from pyomero.model.errors import ObjectNotFoundError
from pyomero.model.models import Roi
from pyomero.model.queries import visible_rois, visible_shapes


@dataclass(frozen=True)
class PlaneRange:
    """Z and T indices, inclusive; None for "any plane"."""

    z_start: int | None
    z_end: int | None
    t_start: int | None
    t_end: int | None


def _roi_ids(ctx: EventContext, image_id: int, planes: PlaneRange) -> QuerySet[Roi]:
    """Ids of the ROIs of the image with at least one visible shape on the planes."""
    shapes = visible_shapes(ctx).filter(roi__image_id=image_id)
    for field, start, end in (
        ("the_z", planes.z_start, planes.z_end),
        ("the_t", planes.t_start, planes.t_end),
    ):
        if start is not None:
            last = start if end is None else end
            on_plane = Q(**{f"{field}__gte": start, f"{field}__lte": last})
            shapes = shapes.filter(on_plane | Q(**{f"{field}__isnull": True}))
    return (
        visible_rois(ctx).filter(image_id=image_id, pk__in=shapes.values("roi_id")).order_by("pk")
    )


def rois_by_plane(
    ctx: EventContext, image_id: object, planes: PlaneRange, offset: int, limit: int
) -> tuple[list[Roi], int]:
    """A page of the image's ROIs that have a shape on the planes (each with all its
    visible shapes prefetched, owner and group joined), and how many there are."""
    image = access_image(ctx, image_id)
    found = _roi_ids(ctx, image.pk, planes)
    total = found.count()
    shapes = visible_shapes(ctx).order_by("pk")
    page = list(found.prefetch_related(Prefetch("shapes", shapes))[offset : offset + limit])
    return page, total


def plane_shape_counts(ctx: EventContext, image_id: object) -> list[list[int]]:
    """``counts[z][t]``: the number of the image's visible shapes shown on each plane."""
    image = access_image(ctx, image_id)
    pixels = image.pixels
    size_z, size_t = pixels.size_z, pixels.size_t
    counts = [[0] * size_t for _ in range(size_z)]
    planes = Counter(
        visible_shapes(ctx).filter(roi__image_id=image.pk).values_list("the_z", "the_t")
    )
    for (z, t), n in planes.items():
        for the_z in range(size_z) if z is None else [z]:
            for the_t in range(size_t) if t is None else [t]:
                if the_z < size_z and the_t < size_t:
                    counts[the_z][the_t] += n
    return counts


def roi_page_data(ctx: EventContext, kind: str, object_id: object) -> dict[str, Any]:
    """Where a ROI (or a shape's ROI) falls among the image's ROIs, for paging.

    For a ROI: its index among all the image's ROIs. For a shape: its ROI's index
    among the ROIs on the shape's plane, and that plane.
    """
    if kind == "roi":
        roi = access_roi(ctx, object_id)
        image_id = roi.image_id
        ids = list(visible_rois(ctx).filter(image_id=image_id).order_by("pk").values_list("pk"))
        answer: dict[str, Any] = {}
    else:
        shape = access_shape(ctx, object_id)
        roi = shape.roi
        image_id = roi.image_id
        planes = PlaneRange(shape.the_z, None, shape.the_t, None)
        ids = list(_roi_ids(ctx, image_id, planes).values_list("pk"))
        answer = {"theZ": shape.the_z, "theT": shape.the_t}
    order = [row[0] for row in ids]
    if roi.pk not in order:
        raise ObjectNotFoundError("Roi", roi.pk)
    return {
        "image": {"id": image_id},
        "roi": {"id": roi.pk},
        "roi_index": order.index(roi.pk),
        "roi_count": len(order),
        **answer,
    }
