"""Operations on rendering settings: save, copy and paste, reset, compare, list.

Every write goes through :func:`~pyomero.imaging.rendering_defs.save_settings`, i.e.
``do_save_rendering_def``: settings are saved as the acting user's own rendering def
(which, on their own images, is the owner's). Someone who may see an image but not
annotate it cannot save settings on it (403); a paste or reset skips such images and
reports them.

The copy-paste "clipboard" is a mapping the caller keeps (the web session): ``fromid``
(an image to copy from) or ``rdef`` (settings given as query parameters), as
OMERO.web keeps them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
from collections.abc import Iterable, Mapping, MutableMapping
from typing import Any

from django.db.models import QuerySet

from pyomero.imaging.errors import ImagingError
from pyomero.imaging.image_data import PIXEL_RANGES, channel_label
from pyomero.imaging.rendering_defs import (
    STORED_MODELS,
    imported_settings,
    load_image,
    save_settings,
    settings_of,
)
from pyomero.imaging.thumbnails import thumbnail
from pyomero.model.access import access_image
from pyomero.model.context import EventContext
from pyomero.model.errors import ActionForbiddenError
from pyomero.model.models import Image, RenderingDef
from pyomero.model.queries import (
    visible_datasets,
    visible_images,
    visible_plate_acquisitions,
    visible_plates,
    visible_projects,
    visible_rendering_defs,
)
from pyomero.pixels import PixelsError
from pyomero.rendering import (
    InvalidParameterError,
    Model,
    ParameterOutOfRangeError,
    RenderingError,
    RenderSettings,
    apply_query,
    channels_query,
    format_channels,
    maps_json,
    parse_query,
)

TARGET_TYPES = ("image", "dataset", "plate", "acquisition")


def _with_plane(
    settings: RenderSettings, z: int | None, t: int | None, pixels: Any
) -> RenderSettings:
    for name, value, size in (("z", z, pixels.size_z), ("t", t, pixels.size_t)):
        if value is not None and not 0 <= value < size:
            raise ParameterOutOfRangeError(
                f"{name}={value + 1} is out of range; the image has {size}", parameter=name
            )
    return dataclasses.replace(
        settings,
        default_z=settings.default_z if z is None else z,
        default_t=settings.default_t if t is None else t,
    )


def save_image_settings(ctx: EventContext, image_id: object, params: Mapping[str, str]) -> None:
    """``saveImgRDef``: the query's settings (z and t 1-based), over the ones ctx sees,
    become ctx's own settings of the image (as in OMERO.web, what the query leaves out
    stays as it was); its default thumbnail is rendered again."""
    query = parse_query(params, one_based_planes=True)
    loaded = load_image(ctx, image_id)
    settings = apply_query(loaded.current.settings, query)
    settings = _with_plane(settings, query.z, query.t, loaded.pixels)
    save_settings(ctx, loaded.image, settings)
    with contextlib.suppress(ImagingError, PixelsError, RenderingError):
        thumbnail(ctx, image_id)


def clipboard_entry(params: Mapping[str, str]) -> dict[str, Any]:
    """``copyImgRDef?c=...``: the settings kept in the clipboard (checked, as given)."""
    parse_query(
        {key: params[key] for key in ("c", "maps", "m", "z", "t") if key in params},
        one_based_planes=True,
    )
    entry: dict[str, Any] = {"c": params["c"]}
    for key in ("pixel_range", "m", "z", "t"):
        if params.get(key):
            entry[key] = params[key]
    if params.get("maps"):
        entry["maps"] = json.loads(params["maps"])  # valid: parse_query read it
    if params.get("imageId"):
        try:
            entry["imageId"] = int(params["imageId"])
        except ValueError:
            raise InvalidParameterError("imageId is not an id", parameter="imageId") from None
    return entry


def copy_to_clipboard(clipboard: MutableMapping[str, Any], params: Mapping[str, str]) -> None:
    """``GET copyImgRDef``: keep ``fromid``, or the settings of the query's ``c=...``."""
    if params.get("fromid") is not None and params.get("c") is None:
        clipboard["fromid"] = params["fromid"]
        clipboard.pop("rdef", None)
    elif params.get("c") is not None:
        clipboard["rdef"] = clipboard_entry(params)
        clipboard.pop("fromid", None)
    else:
        raise InvalidParameterError("give fromid, or the settings as c=...", parameter="fromid")


def settings_entry(settings: RenderSettings, pixels_type: str) -> dict[str, Any]:
    """Settings in the clipboard's form (``c``, ``m``, ``pixel_range``, ``maps``)."""
    low, high = PIXEL_RANGES.get(pixels_type, (0, 255))
    return {
        "c": format_channels(channels_query(settings.channels)),
        "m": "g" if settings.model is Model.GREYSCALE else "c",
        "pixel_range": f"{low}:{high}",
        "maps": maps_json(settings.channels),
    }


def clipboard_rdef(ctx: EventContext, clipboard: Mapping[str, Any]) -> dict[str, Any] | None:
    """``getImgRDef``: what a paste would apply, or None when nothing was copied."""
    if clipboard.get("rdef") is not None:
        return dict(clipboard["rdef"])
    if clipboard.get("fromid") is None:
        return None
    loaded = load_image(ctx, clipboard["fromid"])
    return settings_entry(loaded.current.settings, loaded.pixels.pixels_type)


def _source(
    ctx: EventContext, clipboard: Mapping[str, Any], from_id: object
) -> tuple[int, RenderSettings]:
    from_id = from_id if from_id is not None else clipboard.get("fromid")
    if from_id is not None:
        loaded = load_image(ctx, from_id)
        return loaded.image.pk, loaded.current.settings
    entry = clipboard.get("rdef")
    if entry is None or entry.get("imageId") is None:
        raise InvalidParameterError("nothing to paste: copy settings first", parameter="fromid")
    loaded = load_image(ctx, entry["imageId"])
    given = {key: str(entry[key]) for key in ("c", "m") if key in entry}
    if "maps" in entry:
        given["maps"] = json.dumps(entry["maps"])
    query = parse_query(given)
    return loaded.image.pk, apply_query(loaded.current.settings, query)


def images_of(ctx: EventContext, to_type: str, to_ids: Iterable[object]) -> QuerySet[Image]:
    """The images ctx sees in the given images, datasets, plates or plate acquisitions."""
    kind = to_type.strip().lower()
    try:
        ids = [int(str(value)) for value in to_ids]
    except ValueError:
        raise InvalidParameterError(
            "toids are image, dataset or plate ids", parameter="toids"
        ) from None
    images = visible_images(ctx)
    if kind == "image":
        found = images.filter(pk__in=ids)
    elif kind == "dataset":
        found = images.filter(dataset_links__parent__in=visible_datasets(ctx).filter(pk__in=ids))
    elif kind == "plate":
        found = images.filter(well_samples__well__plate__in=visible_plates(ctx).filter(pk__in=ids))
    elif kind in ("acquisition", "plateacquisition"):
        runs = visible_plate_acquisitions(ctx).filter(pk__in=ids)
        found = images.filter(well_samples__plate_acquisition__in=runs)
    else:
        raise InvalidParameterError(
            f"to_type={to_type!r} is not one of {', '.join(TARGET_TYPES)}", parameter="to_type"
        )
    return found.select_related("pixels").distinct().order_by("pk")


def paste_settings(
    ctx: EventContext,
    clipboard: Mapping[str, Any],
    to_type: str,
    to_ids: Iterable[object],
    *,
    from_id: object = None,
) -> dict[str, list[int]]:
    """``POST copyImgRDef``: apply the copied settings to every target image.

    Returns ``{"true": [pasted ids], "false": [refused ids]}``: OMERO.web's
    ``{True: [...], False: [...]}`` as its JSON encoder writes it. An image with another
    number of channels, or one ctx may not annotate, is refused; the source image
    itself is left out, as in OMERO.
    """
    source_id, settings = _source(ctx, clipboard, from_id)
    done: dict[str, list[int]] = {"true": [], "false": []}
    for image in images_of(ctx, to_type, to_ids):
        if image.pk == source_id:
            continue
        pixels = getattr(image, "pixels", None)
        if pixels is None or pixels.size_c != len(settings.channels):
            done["false"].append(image.pk)
            continue
        target = dataclasses.replace(
            settings,
            default_z=min(settings.default_z, pixels.size_z - 1),
            default_t=min(settings.default_t, pixels.size_t - 1),
        )
        try:
            save_settings(ctx, image, target)
        except (ActionForbiddenError, RenderingError):
            done["false"].append(image.pk)
        else:
            done["true"].append(image.pk)
    return done


def reset_settings(
    ctx: EventContext, to_type: str, to_ids: Iterable[object], *, to_owners: bool = False
) -> list[int]:
    """``resetRDef`` (the imported settings) and ``applyOwnersRDef`` (the owner's)
    become ctx's own settings of every target image ctx may annotate; their ids."""
    reset = []
    for image in images_of(ctx, to_type, to_ids):
        pixels = getattr(image, "pixels", None)
        if pixels is None:
            continue
        settings = imported_settings(pixels)
        if to_owners:
            owners = RenderingDef.objects.filter(pixels=pixels, owner_id=image.owner_id).first()
            if owners is not None:
                settings = settings_of(owners, pixels)
        with contextlib.suppress(ActionForbiddenError):
            save_settings(ctx, image, settings)
            reset.append(image.pk)
    return reset


def compatible_images(ctx: EventContext, image_id: object) -> list[int]:
    """``compatImgRDef``: images of the image's project (else its datasets) with the same
    pixel type, number of channels and channel labels, to which settings can be pasted."""
    image = access_image(ctx, image_id)
    projects = visible_projects(ctx).filter(dataset_links__child__image_links__child_id=image.pk)
    datasets = visible_datasets(ctx).filter(project_links__parent__in=projects)
    if not datasets.exists():
        datasets = visible_datasets(ctx).filter(image_links__child_id=image.pk)
    candidates = (
        visible_images(ctx)
        .filter(dataset_links__parent__in=datasets)
        .select_related("pixels")
        .prefetch_related("pixels__channels")
        .distinct()
        .order_by("pk")
    )

    def signature(found: Image) -> tuple[Any, ...] | None:
        pixels = getattr(found, "pixels", None)
        if pixels is None:
            return None
        by_index = {row.index: row for row in pixels.channels.all()}
        labels = sorted(channel_label(by_index.get(i), i) for i in range(pixels.size_c))
        return (pixels.pixels_type, pixels.size_c, tuple(labels))

    mine = signature(image)
    return [found.pk for found in candidates if found.pk != image.pk and signature(found) == mine]


def all_rendering_defs(ctx: EventContext, image_id: object) -> list[dict[str, Any]]:
    """``get_image_rdefs_json``: every rendering def of the image ctx may see."""
    image = access_image(ctx, image_id)
    rdefs = (
        visible_rendering_defs(ctx)
        .filter(pixels__image_id=image.pk)
        .select_related("pixels")
        .order_by("pk")
    )
    result = []
    for rdef in rdefs:
        settings = settings_of(rdef, rdef.pixels)
        channels = []
        for channel in settings.channels:
            entry: dict[str, Any] = {
                "active": channel.active,
                "start": channel.start,
                "end": channel.end,
                "color": channel.color,
                "inverted": channel.inverted,
                "reverseIntensity": channel.inverted,
                "family": channel.family.value,
                "coefficient": channel.coefficient,
            }
            if channel.lut:
                entry["lut"] = channel.lut
            channels.append(entry)
        owner = rdef.owner
        result.append(
            {
                "id": rdef.pk,
                "owner": {
                    "id": owner.pk,
                    "firstName": owner.first_name,
                    "lastName": owner.last_name,
                },
                "z": settings.default_z,
                "t": settings.default_t,
                "model": STORED_MODELS[settings.model],
                "c": channels,
            }
        )
    return result
