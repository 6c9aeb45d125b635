"""What OMERO.iviewer reads about an image beyond ``imgData``: ROI count, pixel sizes
in a readable unit, dates, rendering families, and the time of each T index.

The answers follow OMERO.iviewer's ``image_data/<id>/`` and
``image_data/<id>/delta_t/`` (field names are OMERO's).
"""

from __future__ import annotations

from typing import Any

from pyomero.imaging.image_data import image_data, micrometres
from pyomero.model.access import access_image, access_roi, access_shape, access_well
from pyomero.model.context import EventContext
from pyomero.model.models import Image, Pixels, WellSample
from pyomero.model.queries import visible_rois
from pyomero.rendering import Family

DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
#: Display units of a length given in micrometres: (upper bound, factor, symbol).
_DISPLAY_UNITS = (
    (0.001, 1e4, "\u212b"),
    (0.01, 1e3, "nm"),
    (1e3, 1.0, "\u00b5m"),
    (1e5, 1e-3, "mm"),
    (1e6, 1e-4, "cm"),
    (1e8, 1e-6, "m"),
)
_TO_SECONDS = {
    "NANOSECOND": 1e-9,
    "MICROSECOND": 1e-6,
    "MILLISECOND": 1e-3,
    "SECOND": 1.0,
    "MINUTE": 60.0,
    "HOUR": 3600.0,
    "DAY": 86400.0,
}


def readable_length(microns: float) -> tuple[float, str]:
    """A length in micrometres as (value, symbol) in a unit that reads well."""
    if microns == 0:
        return 0.0, "\u00b5m"
    for bound, factor, symbol in _DISPLAY_UNITS:
        if microns < bound:
            return microns * factor, symbol
    return microns * 1e-9, "km"


def _pixel_sizes(rv: dict[str, Any], pixels: Pixels) -> None:
    sizes = rv.get("pixel_size", {})
    for axis in ("x", "y", "z"):
        value = getattr(pixels, f"physical_size_{axis}")
        unit = getattr(pixels, f"physical_size_{axis}_unit")
        microns = micrometres(value, unit)
        if microns is None:
            continue
        shown, symbol = readable_length(microns)
        sizes[f"unit_{axis}"] = shown
        sizes[f"symbol_{axis}"] = symbol
        sizes[f"unit_id_{axis}"] = unit


def viewer_image_data(ctx: EventContext, image_id: object) -> dict[str, Any]:
    """``imgData`` of the image plus what OMERO.iviewer adds (404 when not visible)."""
    rv: dict[str, Any] = image_data(ctx, image_id)
    image: Image = access_image(ctx, image_id)
    pixels = image.pixels
    rv["roi_count"] = visible_rois(ctx).filter(image_id=image.pk).count()
    _pixel_sizes(rv, pixels)
    rv["delta_t_unit_symbol"] = None
    rv["import_date"] = image.created.strftime(DATE_FORMAT)
    if image.acquisition_date is not None:
        rv["acquisition_date"] = image.acquisition_date.strftime(DATE_FORMAT)
    rv["families"] = [family.value for family in Family]
    return rv


def delta_t(ctx: EventContext, image_id: object) -> dict[str, Any]:
    """Seconds since the first time point, one per T index, from the time increment.

    pyomero keeps no per-plane timing, so every T index is ``t * time increment``;
    without a known increment the list is empty for a single time point and zeros
    otherwise, as OMERO answers for images without plane timings.
    """
    image = access_image(ctx, image_id)
    pixels = image.pixels
    times: list[float] = []
    symbol = None
    if pixels.size_t > 1:
        factor = _TO_SECONDS.get(pixels.time_increment_unit)
        step = pixels.time_increment
        if step is not None and factor is not None:
            times = [t * step * factor for t in range(pixels.size_t)]
            symbol = "s"
        else:
            times = [0.0] * pixels.size_t
    return {"delta_t": times, "delta_t_unit_symbol": symbol, "image_id": image.pk}


def image_of(ctx: EventContext, kind: str, object_id: object) -> int:
    """The id of the image a ROI (``kind="roi"``) or a shape carries (404 if not seen)."""
    if kind == "roi":
        return int(access_roi(ctx, object_id).image_id)
    return int(access_shape(ctx, object_id).roi.image_id)


def well_images(ctx: EventContext, well_id: object, offset: int, limit: int) -> dict[str, Any]:
    """The images of a well's fields by field index: ``{"data": [...], "meta": ...}``."""
    well = access_well(ctx, well_id)
    samples = WellSample.objects.filter(well=well).select_related("image").order_by("index")
    data = []
    for sample in samples[offset : offset + limit]:
        entry: dict[str, Any] = {"@id": sample.image_id}
        if sample.image.name:
            entry["Name"] = sample.image.name
        data.append(entry)
    return {"data": data, "meta": {"totalCount": samples.count()}}
