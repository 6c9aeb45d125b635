"""``m/images/<id>/rendering/`` (pyomero's extension): an image's rendering settings.

GET answers the settings the user sees the image with: their own rendering def,
else the image owner's, else the imported defaults (``imaging.load_image``). PUT
changes any part of them (what the body leaves out stays) and saves the result
as the user's own rendering def (``imaging.save_settings``), as OMERO.web's
``saveImgRDef`` does: on someone else's image that needs the annotate permission
(403 without) and leaves the owner's settings alone.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
from typing import Any

from django.http import HttpRequest

from pyomero.api.body import read_json
from pyomero.api.encoders.rendering import encode_rendering
from pyomero.api.errors import BadRequestError
from pyomero.api.links import linker
from pyomero.api.respond import api_view
from pyomero.api.schema import Json
from pyomero.api.views.base import request_context
from pyomero.imaging import ImagingError, load_image, save_settings, thumbnail
from pyomero.model.models import Pixels
from pyomero.pixels import PixelsError
from pyomero.rendering import (
    ChannelSettings,
    Family,
    Model,
    Projection,
    RenderingError,
    RenderSettings,
    default_luts,
)
from pyomero.rendering.settings import parse_color


@api_view("GET", "PUT")
def rendering(request: HttpRequest, api_version: str, object_id: int) -> Json:
    ctx = request_context(request)
    if request.method == "PUT":
        loaded = load_image(ctx, object_id)
        changed = changed_settings(loaded.current.settings, loaded.pixels, read_json(request))
        save_settings(ctx, loaded.image, changed)
        with contextlib.suppress(ImagingError, PixelsError, RenderingError):
            thumbnail(ctx, object_id)  # the default thumbnail follows the settings
    loaded = load_image(ctx, object_id)
    current = loaded.current
    channels = list(loaded.pixels.channels.order_by("index"))
    encoded = encode_rendering(
        current.settings,
        loaded.pixels,
        channels,
        rdef_id=current.rdef_id,
        owner_id=current.rdef_owner_id,
    )
    link = linker(request, api_version)
    encoded["url:image"] = link.url("api_image", object_id=object_id)
    encoded["url:rendering"] = link.url("api_image_rendering", object_id=object_id)
    return {"data": encoded}


def changed_settings(settings: RenderSettings, pixels: Pixels, body: Json) -> RenderSettings:
    """``settings`` with what ``body`` (a ``body.RenderingBody``) changes; 400 if invalid."""
    changes: dict[str, Any] = {}
    if "model" in body:
        changes["model"] = choice(Model, body["model"], "model")
    if "projection" in body:
        changes["projection"] = choice(Projection, body["projection"], "projection")
    planes = (("defaultZ", "default_z", pixels.size_z), ("defaultT", "default_t", pixels.size_t))
    for key, field, size in planes:
        if key in body:
            value = integer(body[key], key)
            if not 0 <= value < size:
                raise BadRequestError(f"{key} {value} is out of range; the image has {size}")
            changes[field] = value
    if "channels" in body:
        given = body["channels"]
        if not isinstance(given, list) or len(given) > len(settings.channels):
            raise BadRequestError(
                f"channels must be a list of at most {len(settings.channels)} objects"
            )
        channels = list(settings.channels)
        for index, entry in enumerate(given):
            channels[index] = changed_channel(channels[index], entry, f"channels[{index}]")
        changes["channels"] = tuple(channels)
    return dataclasses.replace(settings, **changes)


def changed_channel(channel: ChannelSettings, entry: Any, where: str) -> ChannelSettings:
    if not isinstance(entry, dict):
        raise BadRequestError(f"{where} must be an object")
    changes: dict[str, Any] = {}
    for key in ("active", "inverted"):
        if key in entry:
            changes[key] = boolean(entry[key], f"{where}.{key}")
    if "color" in entry:  # a colour replaces the lookup table, unless one is given too
        changes["color"] = parse_color(text(entry["color"], f"{where}.color"))
        changes["lut"] = None
    if entry.get("lut") not in (None, ""):
        changes["lut"] = default_luts().get(text(entry["lut"], f"{where}.lut")).name
    elif "lut" in entry:
        changes["lut"] = None
    if "family" in entry:
        changes["family"] = choice(Family, entry["family"], f"{where}.family")
    if "coefficient" in entry:
        changes["coefficient"] = number(entry["coefficient"], f"{where}.coefficient")
    window = entry.get("window", {})
    if not isinstance(window, dict):
        raise BadRequestError(f"{where}.window must be an object")
    for key in ("start", "end"):
        if key in window:
            changes[key] = number(window[key], f"{where}.window.{key}")
    return dataclasses.replace(channel, **changes)


def choice(kind: Any, value: Any, where: str) -> Any:
    names = [member.value for member in kind]
    if value not in names:
        raise BadRequestError(f"{where} must be one of {', '.join(names)}")
    return kind(value)


def boolean(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise BadRequestError(f"{where} must be true or false")
    return value


def integer(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadRequestError(f"{where} must be an integer")
    return value


def number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise BadRequestError(f"{where} must be a number")
    return float(value)


def text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise BadRequestError(f"{where} must be text")
    return value
