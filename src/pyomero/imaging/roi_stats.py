"""Statistics of the pixels under ROI shapes: per channel min, max, sum, mean, standard
deviation and number of points, as OMERO's ``getShapeStatsRestricted``.

A shape on a plane (``theZ``/``theT`` set) is measured on its plane; ``z`` and ``t``
are the plane for shapes that span all planes (OMERO's "unattached" shapes). Pixels
are read at full resolution, a band of rows at a time, so a shape as large as a
gigapixel plane needs bounded memory; standard deviation is the population one
(divided by the number of points), as OMERO's. A shape covering no pixel of the plane
has ``points == 0`` and zeros elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from pyomero.imaging.errors import ImagingError
from pyomero.imaging.shape_masks import Footprint, Geometry, ShapeGeometryError, footprint
from pyomero.imaging.stores import open_pixels
from pyomero.model.access import access_image
from pyomero.model.context import EventContext
from pyomero.model.errors import ObjectNotFoundError
from pyomero.model.models import Pixels, Shape
from pyomero.model.queries import visible_shapes
from pyomero.pixels import NgffSeries
from pyomero.rendering import ParameterOutOfRangeError

#: Rows read at once (times the box width and the channels: the memory bound).
BAND_PIXELS = 4 * 1024 * 1024
#: The most shapes measured in one call.
MAX_SHAPES = 500


class ShapeNotMeasurableError(ImagingError):
    """The shape lacks the coordinates its kind needs, or cannot be placed."""

    status = 400
    code = "shape_not_measurable"


@dataclass(frozen=True)
class ChannelStats:
    channel: int
    points: int
    min: float
    max: float
    sum: float
    mean: float
    std_dev: float

    def figures(self) -> dict[str, float]:
        """``points``, ``min``, ``max``, ``sum``, ``mean``, ``std_dev`` by name, as both
        viewers answer them."""
        return {name: getattr(self, name) for name in FIGURES}


#: The figures measured for each channel, in the order tables show them.
FIGURES = ("points", "min", "max", "sum", "mean", "std_dev")


@dataclass(frozen=True)
class ShapeStats:
    shape_id: int
    roi_id: int
    z: int
    t: int
    channels: tuple[ChannelStats, ...]


def geometry_of(shape: Shape) -> Geometry:
    """The fields of ``shape`` that decide its pixels."""
    return Geometry(
        kind=shape.kind,
        x=shape.x,
        y=shape.y,
        width=shape.width,
        height=shape.height,
        radius_x=shape.radius_x,
        radius_y=shape.radius_y,
        x1=shape.x1,
        y1=shape.y1,
        x2=shape.x2,
        y2=shape.y2,
        points=shape.points or "",
        mask=bytes(shape.bytes or b""),
        transform=shape.transform,
    )


def shape_stats(
    ctx: EventContext,
    shape_ids: Iterable[object],
    *,
    z: int = 0,
    t: int = 0,
    channels: Sequence[int] | None = None,
) -> list[ShapeStats]:
    """Stats of each shape in ``shape_ids`` (in that order) over ``channels`` (all by
    default). A shape ctx may not see is a 404, as if missing."""
    ids = _ids(shape_ids)
    found = {
        shape.pk: shape for shape in visible_shapes(ctx).filter(pk__in=ids).select_related("roi")
    }
    for shape_id in ids:
        if shape_id not in found:
            raise ObjectNotFoundError("Shape", shape_id)
    return _measure([found[i] for i in ids], z, t, channels)


def image_shape_stats(
    ctx: EventContext,
    image_id: object,
    *,
    z: int = 0,
    t: int = 0,
    channels: Sequence[int] | None = None,
) -> list[ShapeStats]:
    """Stats of every shape ctx sees on the image, by ROI then shape id."""
    image = access_image(ctx, image_id)
    shapes = (
        visible_shapes(ctx)
        .filter(roi__image_id=image.pk)
        .select_related("roi")
        .order_by("roi_id", "id")
    )
    return _measure(list(shapes[: MAX_SHAPES + 1]), z, t, channels)


@dataclass(frozen=True)
class DraftShape:
    """A shape drawn in a viewer and not saved yet: its kind, plane and coordinates."""

    key: str
    geometry: Geometry
    the_z: int | None = None
    the_t: int | None = None


def draft_stats(
    ctx: EventContext,
    image_id: object,
    drafts: Sequence[DraftShape],
    *,
    z: int = 0,
    t: int = 0,
    channels: Sequence[int] | None = None,
) -> list[tuple[str, ShapeStats]]:
    """Stats of shapes not saved yet on an image ctx may see, by draft key (the
    ``shape_id`` and ``roi_id`` of each :class:`ShapeStats` are 0)."""
    image = access_image(ctx, image_id)
    if len(drafts) > MAX_SHAPES:
        raise ParameterOutOfRangeError(
            f"{len(drafts)} shapes asked; at most {MAX_SHAPES} at once", parameter="shapes"
        )
    pixels = Pixels.objects.filter(image_id=image.pk).first()
    if pixels is None:
        raise ShapeNotMeasurableError(f"Image {image.pk} has no pixels")
    found = []
    for draft in drafts:
        plane = (
            z if draft.the_z is None else draft.the_z,
            t if draft.the_t is None else draft.the_t,
        )
        measured = _measure_geometry(draft.geometry, pixels, plane, channels, draft.key)
        found.append((draft.key, ShapeStats(0, 0, plane[0], plane[1], measured)))
    return found


def _ids(shape_ids: Iterable[object]) -> list[int]:
    ids: list[int] = []
    for value in shape_ids:
        try:
            ids.append(int(str(value)))
        except ValueError:
            raise ObjectNotFoundError("Shape", value) from None
    if len(ids) > MAX_SHAPES:
        raise ParameterOutOfRangeError(
            f"{len(ids)} shapes asked; at most {MAX_SHAPES} at once", parameter="ids"
        )
    return list(dict.fromkeys(ids))


def _measure(
    shapes: list[Shape], z: int, t: int, channels: Sequence[int] | None
) -> list[ShapeStats]:
    if len(shapes) > MAX_SHAPES:
        raise ParameterOutOfRangeError(
            f"more than {MAX_SHAPES} shapes; ask for them by id", parameter="ids"
        )
    image_ids = {shape.roi.image_id for shape in shapes}
    pixels = {p.image_id: p for p in Pixels.objects.filter(image_id__in=image_ids)}
    results = []
    for shape in shapes:
        found = pixels.get(shape.roi.image_id)
        if found is None:
            raise ShapeNotMeasurableError(f"the image of Shape {shape.pk} has no pixels")
        results.append(_one(shape, found, z, t, channels))
    return results


def _one(
    shape: Shape, pixels: Pixels, z: int, t: int, channels: Sequence[int] | None
) -> ShapeStats:
    plane = (z if shape.the_z is None else shape.the_z, t if shape.the_t is None else shape.the_t)
    measured = _measure_geometry(geometry_of(shape), pixels, plane, channels, f"Shape {shape.pk}")
    return ShapeStats(shape.pk, shape.roi.pk, plane[0], plane[1], measured)


def _measure_geometry(
    geometry: Geometry,
    pixels: Pixels,
    plane: tuple[int, int],
    channels: Sequence[int] | None,
    name: str,
) -> tuple[ChannelStats, ...]:
    plane_z, plane_t = plane
    wanted = list(range(pixels.size_c)) if channels is None else list(channels)
    for label, value, size in (("theZ", plane_z, pixels.size_z), ("theT", plane_t, pixels.size_t)):
        if not 0 <= value < size:
            raise ParameterOutOfRangeError(
                f"{label}={value} is out of range; the image has {size}", parameter=label
            )
    for channel in wanted:
        if not 0 <= channel < pixels.size_c:
            raise ParameterOutOfRangeError(
                f"channel {channel} is out of range; the image has {pixels.size_c}",
                parameter="theC",
            )
    try:
        area = footprint(geometry, pixels.size_x, pixels.size_y)
    except ShapeGeometryError as exc:
        raise ShapeNotMeasurableError(f"{name}: {exc}") from None
    series = open_pixels(pixels)
    return _accumulate(series, area, plane_z, plane_t, wanted)


def _accumulate(
    series: NgffSeries, area: Footprint, z: int, t: int, channels: list[int]
) -> tuple[ChannelStats, ...]:
    """Per channel: count, min, max, sum and Chan's pairwise merge of the squared
    deviations, band by band."""
    count = 0
    low = np.full(len(channels), np.inf)
    high = np.full(len(channels), -np.inf)
    total = np.zeros(len(channels))
    mean = np.zeros(len(channels))
    squares = np.zeros(len(channels))
    if not area.empty and channels:
        step = max(1, BAND_PIXELS // max(1, area.width * len(channels)))
        for start in range(area.y, area.y + area.height, step):
            stop = min(area.y + area.height, start + step)
            mask = area.rows(start, stop)
            n = int(mask.sum())
            if not n:
                continue
            data = series.read_channels(0, t, channels, z, start, area.x, stop - start, area.width)
            values = data[:, mask].astype(np.float64)
            band_mean = values.mean(axis=1)
            band_squares = ((values - band_mean[:, None]) ** 2).sum(axis=1)
            delta = band_mean - mean
            merged = count + n
            squares += band_squares + delta**2 * count * n / merged
            mean += delta * n / merged
            count = merged
            low = np.minimum(low, values.min(axis=1))
            high = np.maximum(high, values.max(axis=1))
            total += values.sum(axis=1)
    if not count:
        return tuple(ChannelStats(c, 0, 0.0, 0.0, 0.0, 0.0, 0.0) for c in channels)
    return tuple(
        ChannelStats(
            channel=c,
            points=count,
            min=float(low[i]),
            max=float(high[i]),
            sum=float(total[i]),
            mean=float(mean[i]),
            std_dev=float(np.sqrt(squares[i] / count)),
        )
        for i, c in enumerate(channels)
    )
