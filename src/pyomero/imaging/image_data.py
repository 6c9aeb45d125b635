"""``imgData``: everything a viewer (OMERO.iviewer, OMERO.figure, the webclient) reads
about an image, in OMERO.web's JSON shape (``webgateway/marshal.py``'s imageMarshal)."""

from __future__ import annotations

from typing import Any

from pyomero.imaging.config import imaging_config
from pyomero.imaging.errors import BACK_OFF_MS
from pyomero.imaging.render import is_tiled, split_dims
from pyomero.imaging.rendering_defs import LoadedImage, imported_settings, load_image
from pyomero.imaging.stores import open_pixels
from pyomero.model.context import EventContext
from pyomero.model.models import Channel, Image, Pixels, PixelsState, WellSample
from pyomero.model.permissions import permissions_of
from pyomero.model.queries import visible_datasets, visible_projects
from pyomero.pixels import NgffSeries
from pyomero.rendering import Model, RenderSettings

# OMERO.web's getPixelRange: floats are given the int32 range.
PIXEL_RANGES = {
    "int8": (-128, 127),
    "uint8": (0, 255),
    "int16": (-32768, 32767),
    "uint16": (0, 65535),
    "int32": (-2147483648, 2147483647),
    "uint32": (0, 4294967295),
    "float": (-2147483648, 2147483647),
    "double": (-2147483648, 2147483647),
    "bit": (0, 1),
}
_MICROMETRES = {
    "PICOMETER": 1e-6,
    "ANGSTROM": 1e-4,
    "NANOMETER": 1e-3,
    "MICROMETER": 1.0,
    "MILLIMETER": 1e3,
    "CENTIMETER": 1e4,
    "METER": 1e6,
}


def micrometres(value: float | None, unit: str) -> float | None:
    factor = _MICROMETRES.get(unit)
    return None if value is None or factor is None else value * factor


def channel_label(channel: Channel | None, index: int) -> str:
    """OMERO's ChannelWrapper.getLabel: the name, else the emission wavelength, else C."""
    if channel is not None and channel.name.strip():
        return channel.name
    if channel is not None and channel.emission_wave is not None:
        return f"{channel.emission_wave:.2f}".rstrip("0").rstrip(".")
    return str(index)


def _parents(ctx: EventContext, image: Image) -> dict[str, Any]:
    datasets = list(visible_datasets(ctx).filter(image_links__child_id=image.pk)[:2])
    projects = list(
        visible_projects(ctx)
        .filter(dataset_links__child__image_links__child_id=image.pk)
        .distinct()[:2]
    )
    project = projects[0] if len(projects) == 1 else None
    dataset = datasets[0] if len(datasets) == 1 else None
    well_id = WellSample.objects.filter(image_id=image.pk).values_list("well_id", flat=True)
    wells = list(well_id[:2])
    return {
        "projectName": project.name if project else "Multiple",
        "projectId": project.pk if project else None,
        "projectDescription": project.description if project else "",
        "datasetName": dataset.name if dataset else "Multiple",
        "datasetId": dataset.pk if dataset else None,
        "datasetDescription": dataset.description if dataset else "",
        "wellSampleId": "",
        "wellId": wells[0] if len(wells) == 1 else "",
    }


def _meta(ctx: EventContext, image: Image, pixels: Pixels) -> dict[str, Any]:
    owner = image.owner
    stamp = image.acquisition_date or image.created
    return {
        "imageName": image.name or "",
        "imageDescription": image.description or "",
        "imageAuthor": f"{owner.first_name} {owner.last_name}".strip(),
        **_parents(ctx, image),
        "imageTimestamp": stamp.timestamp(),
        "imageId": image.pk,
        "pixelsType": pixels.pixels_type,
    }


def _channels(pixels: Pixels, settings: RenderSettings, rows: list[Channel]) -> list[Any]:
    by_index = {row.index: row for row in rows}
    low, high = PIXEL_RANGES.get(pixels.pixels_type, (0, 255))
    result = []
    for index, channel in enumerate(settings.channels):
        row = by_index.get(index)
        entry: dict[str, Any] = {
            "emissionWave": row.emission_wave if row else None,
            "label": channel_label(row, index),
            "color": channel.color,
            "inverted": channel.inverted,
            "reverseIntensity": channel.inverted,
            "family": channel.family.value,
            "coefficient": channel.coefficient,
            "active": channel.active,
            "window": {
                "min": row.stats_min if row and row.stats_min is not None else low,
                "max": row.stats_max if row and row.stats_max is not None else high,
                "start": channel.start,
                "end": channel.end,
            },
        }
        if channel.lut:
            entry["lut"] = channel.lut
        result.append(entry)
    return result


def _tiles(series: NgffSeries, pixels: Pixels) -> dict[str, Any]:
    config = imaging_config()
    levels = series.levels
    tiled = is_tiled(series, pixels)
    init_zoom = config.initial_zoom_level
    if init_zoom < 0:
        init_zoom += len(levels)
    found: dict[str, Any] = {"tiles": tiled, "init_zoom": init_zoom}
    if tiled:
        first = levels[0]
        found["tile_size"] = {"width": first.tile_width or 512, "height": first.tile_height or 512}
        found["levels"] = len(levels)
        found["zoomLevelScaling"] = {
            str(i): level.size_x / first.size_x for i, level in enumerate(levels)
        }
        found["resolutions"] = [[level.size_x, level.size_y] for level in levels]
    return found


def image_data(
    ctx: EventContext, image_id: object, *, defaults: bool = False, key: str | None = None
) -> Any:
    """OMERO.web's imgData for ``image_id``; ``defaults`` shows the imported settings
    (``?getDefaults=true``), ``key`` selects one (dotted) field, None when missing.

    While the pyramid is being written the answer carries ``ConcurrencyException``
    with a back-off in milliseconds, and no channels or tiles yet, as OMERO's does.
    """
    loaded = load_image(ctx, image_id)
    image, pixels = loaded.image, loaded.pixels
    perms = permissions_of(ctx, image)
    config = imaging_config()
    rv: dict[str, Any] = {
        "id": image.pk,
        "meta": _meta(ctx, image, pixels),
        "perms": {
            "canAnnotate": perms.can_annotate,
            "canEdit": perms.can_edit,
            "canDelete": perms.can_delete,
            "canLink": perms.can_link,
        },
        "interpolate": config.interpolate_pixels,
        "size": {
            "width": pixels.size_x,
            "height": pixels.size_y,
            "z": pixels.size_z,
            "t": pixels.size_t,
            "c": pixels.size_c,
        },
        "pixel_size": {
            "x": micrometres(pixels.physical_size_x, pixels.physical_size_x_unit),
            "y": micrometres(pixels.physical_size_y, pixels.physical_size_y_unit),
            "z": micrometres(pixels.physical_size_z, pixels.physical_size_z_unit),
        },
    }
    if pixels.state == PixelsState.WRITING:
        rv["ConcurrencyException"] = {"backOff": BACK_OFF_MS}
        return _select(rv, key)
    rows = list(pixels.channels.order_by("index"))
    settings = imported_settings(pixels, rows) if defaults else loaded.current.settings
    low, high = PIXEL_RANGES.get(pixels.pixels_type, (0, 255))
    rv["pixel_range"] = [low, high]
    rv["channels"] = _channels(pixels, settings, rows)
    rv["split_channel"] = split_dims(pixels.size_x, pixels.size_y, pixels.size_c)
    rv["rdefs"] = _rdefs(settings)
    rv.update(_tiles(open_pixels(pixels), pixels))
    return _select(rv, key)


def _rdefs(settings: RenderSettings) -> dict[str, Any]:
    return {
        "model": "greyscale" if settings.model is Model.GREYSCALE else "color",
        "projection": settings.projection.value,
        "defaultZ": settings.default_z,
        "defaultT": settings.default_t,
        "invertAxis": False,
    }


def ngff_omero(loaded: LoadedImage, version: str) -> dict[str, Any]:
    """The NGFF ``omero`` block of the settings the user sees the image with now.

    The block written with the pyramid holds what the file said at import; OME-Zarr
    readers (napari-ome-zarr, vizarr) take their channel names, colours, windows and
    visibility from this block, so the served one is imgData's channels and rdefs,
    whose shape the NGFF block was taken from.
    """
    pixels = loaded.pixels
    rows = list(pixels.channels.order_by("index"))
    settings = loaded.current.settings
    return {
        "id": loaded.image.pk,
        "name": loaded.image.name,
        "version": version,
        "channels": _channels(pixels, settings, rows),
        "rdefs": _rdefs(settings),
    }


def _select(rv: dict[str, Any], key: str | None) -> Any:
    if key is None:
        return rv
    found: Any = rv
    for part in key.split("."):
        found = found.get(part, {}) if isinstance(found, dict) else {}
    return None if found == {} else found
