"""Rendering settings as stored (RenderingDef, ChannelBinding) and as rendered.

The model stores OMERO's names (``rgb``/``greyscale``, RGBA 0-255 components, ``""``
for no lookup table); :mod:`pyomero.rendering` works on frozen
:class:`~pyomero.rendering.RenderSettings`. This module maps one to the other, finds
the settings a user sees (their own, else the owner's, else the imported defaults,
as OMERO does) and saves settings through :func:`pyomero.model.actions.do_save_rendering_def`.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection

from pyomero.imaging.errors import PixelsUnavailableError
from pyomero.imaging.stores import pixels_revision
from pyomero.model.access import access_image, access_image_rendering
from pyomero.model.actions import do_save_rendering_def
from pyomero.model.context import EventContext
from pyomero.model.errors import ObjectNotFoundError
from pyomero.model.models import (
    Channel,
    ChannelBinding,
    Image,
    Pixels,
    RenderingDef,
    RenderingModel,
)
from pyomero.model.permissions import Action
from pyomero.model.queries import visible_rendering_defs
from pyomero.rendering import (
    ChannelInfo,
    ChannelSettings,
    Family,
    Model,
    Projection,
    RenderSettings,
    default_settings,
)

MODELS = {RenderingModel.RGB.value: Model.COLOR, RenderingModel.GREYSCALE.value: Model.GREYSCALE}
STORED_MODELS = {
    Model.COLOR: RenderingModel.RGB.value,
    Model.GREYSCALE: RenderingModel.GREYSCALE.value,
}
_CACHE_SIZE = 2048


@dataclass(frozen=True)
class CurrentSettings:
    """The settings to render an image with, and a key that changes when they change.

    ``rdef_id`` and ``rdef_owner_id`` name the rendering def they come from (None for
    the imported defaults).
    """

    settings: RenderSettings
    key: str
    rdef_id: int | None = None
    rdef_owner_id: int | None = None


@dataclass(frozen=True)
class LoadedImage:
    """An image the context may see, its pixels and the settings it sees them with."""

    image: Image
    pixels: Pixels
    current: CurrentSettings

    @property
    def revision(self) -> str:
        return pixels_revision(self.pixels)


class _Cache:
    """A small thread-safe LRU map of immutable values."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[Any, Any] = OrderedDict()

    def get(self, key: Any) -> Any:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Any, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)


_settings_cache = _Cache(_CACHE_SIZE)
_imported_cache = _Cache(_CACHE_SIZE)
_pixels_cache = _Cache(_CACHE_SIZE)


def color_hex(red: int | None, green: int | None, blue: int | None) -> str:
    return f"{red or 0:02X}{green or 0:02X}{blue or 0:02X}"


def channel_info(channel: Channel) -> ChannelInfo:
    colored = None not in (channel.red, channel.green, channel.blue)
    return ChannelInfo(
        name=channel.name or None,
        color=color_hex(channel.red, channel.green, channel.blue) if colored else None,
        emission_wavelength=channel.emission_wave,
        min=channel.stats_min,
        max=channel.stats_max,
    )


def imported_settings(pixels: Pixels, channels: Sequence[Channel] | None = None) -> RenderSettings:
    """OMERO's default settings of ``pixels``, from its channels' colours and statistics."""
    key = (pixels.pk, pixels_revision(pixels))
    found = _imported_cache.get(key) if channels is None else None
    if found is not None:
        return found  # type: ignore[no-any-return]
    rows = list(channels) if channels is not None else list(pixels.channels.order_by("index"))
    infos = [ChannelInfo() for _ in range(pixels.size_c)]
    for row in rows:
        if row.index < len(infos):
            infos[row.index] = channel_info(row)
    settings = default_settings(infos, pixels.pixels_type, pixels.size_z)
    _imported_cache.put(key, settings)
    return settings


def default_rendering(
    pixels: Pixels, stats: Sequence[tuple[float, float]] | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """OMERO's default settings of new pixels, as the RenderingDef fields and channel
    bindings ``do_complete_pixels(..., rendering=...)`` saves; ``stats`` (min, max per
    channel) are the ones about to be recorded, else the channels' own."""
    infos = [ChannelInfo() for _ in range(pixels.size_c)]
    for row in pixels.channels.order_by("index"):
        if row.index < len(infos):
            info = channel_info(row)
            if stats is not None and row.index < len(stats):
                low, high = stats[row.index]
                info = ChannelInfo(info.name, info.color, info.emission_wavelength, low, high)
            infos[row.index] = info
    return stored_fields(default_settings(infos, pixels.pixels_type, pixels.size_z))


def imported_key(pixels: Pixels) -> str:
    return "i" + pixels_revision(pixels)


def _binding_settings(binding: ChannelBinding) -> ChannelSettings:
    return ChannelSettings(
        active=binding.active,
        start=binding.input_start,
        end=binding.input_end,
        color=color_hex(binding.red, binding.green, binding.blue),
        lut=binding.lut or None,
        family=Family(binding.family),
        coefficient=binding.coefficient,
        inverted=binding.inverted,
    )


def settings_of(rdef: RenderingDef, pixels: Pixels) -> RenderSettings:
    """The :class:`RenderSettings` of a stored rendering def (cached per version).

    Channels without a binding (an rdef saved before a channel existed) get the
    imported defaults.
    """
    key = rdef_key(rdef)
    found = _settings_cache.get(key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    channels = list(imported_settings(pixels).channels)
    for binding in rdef.channel_bindings.all():
        if binding.index < len(channels):
            channels[binding.index] = _binding_settings(binding)
    settings = RenderSettings(
        channels=tuple(channels),
        model=MODELS.get(rdef.model, Model.COLOR),
        projection=Projection(rdef.projection),
        projection_start=rdef.projection_start,
        projection_end=rdef.projection_end,
        default_z=min(rdef.default_z, max(pixels.size_z - 1, 0)),
        default_t=min(rdef.default_t, max(pixels.size_t - 1, 0)),
    )
    _settings_cache.put(key, settings)
    return settings


def _key(pk: int, version: int, updated: object) -> str:
    """A rendering def's key from its row; the database stores UTC, and raw cursors may
    give naive datetimes (SQLite) or text, so the time is read as UTC either way."""
    if not isinstance(updated, datetime):
        updated = datetime.fromisoformat(str(updated).replace(" ", "T"))
    if updated.tzinfo is None:
        updated = updated.replace(tzinfo=UTC)
    return f"r{pk}v{version}t{updated.timestamp():.6f}"


def rdef_key(rdef: RenderingDef) -> str:
    """Changes with every save (the time guards against ids reused after a rollback)."""
    return _key(rdef.pk, rdef.version, rdef.updated)


def current_of(rdef: RenderingDef | None, pixels: Pixels) -> CurrentSettings:
    if rdef is None:
        return CurrentSettings(imported_settings(pixels), imported_key(pixels))
    return CurrentSettings(settings_of(rdef, pixels), rdef_key(rdef), rdef.pk, rdef.owner_id)


def _cached_pixels(pixels_id: int, updated: object) -> Pixels:
    """The Pixels row, from the process cache while its ``updated`` time is the same
    (every write of a Pixels row goes through an action that touches it)."""
    key = (pixels_id, str(updated))
    found = _pixels_cache.get(key)
    if found is None:
        found = Pixels.objects.get(pk=pixels_id)
        _pixels_cache.put(key, found)
    return found  # type: ignore[no-any-return]


def _current_of_row(
    pk: int, owner_id: int, version: int, updated: object, pixels: Pixels
) -> CurrentSettings:
    key = _key(pk, version, updated)
    settings = _settings_cache.get(key)
    if settings is None:
        rdef = RenderingDef.objects.prefetch_related("channel_bindings").get(pk=pk)
        settings = settings_of(rdef, pixels)
    return CurrentSettings(settings, key, pk, owner_id)


def pick_rendering_def(
    rdefs: Iterable[RenderingDef], user_id: int, owner_id: int
) -> RenderingDef | None:
    """The user's own rendering def, else the image owner's (OMERO's choice)."""
    by_owner = {rdef.owner_id: rdef for rdef in rdefs}
    return by_owner.get(user_id) or by_owner.get(owner_id)


def load_image(
    ctx: EventContext,
    image_id: object,
    *,
    rdef_id: object = None,
    action: Action = Action.VIEW,
    lean: bool = False,
) -> LoadedImage:
    """Access ``image_id`` (404 if ctx may not see it) with its pixels and settings.

    Two queries when a rendering def exists: the image (with the permission check),
    then the versions of ctx's and the owner's rendering defs and of their pixels; the
    rows themselves come from process caches keyed by those versions. With ``lean``
    (renders, which need only the image's id and owner) both are one query,
    :func:`~pyomero.model.access.access_image_rendering`.
    """
    if lean and rdef_id is None and action is Action.VIEW:
        image, rows = access_image_rendering(ctx, image_id)
        return _loaded(image, [row for row in rows if row[0] is not None], ctx.user_id, rows)
    image = access_image(ctx, image_id, action)
    if rdef_id is not None:
        rdef = access_rendering_def_of(ctx, image, rdef_id)
        return LoadedImage(image, rdef.pixels, current_of(rdef, rdef.pixels))
    return _loaded(image, _version_rows(image.pk, ctx.user_id, image.owner_id), ctx.user_id)


def _loaded(
    image: Image,
    rows: list[tuple[Any, ...]],
    user_id: int,
    pixels_rows: list[tuple[Any, ...]] | None = None,
) -> LoadedImage:
    """The image with the user's rendering def, else the owner's, from version rows
    (pk, owner, version, updated, pixels id, pixels updated); else with its pixels'
    imported settings (the pixels from ``pixels_rows`` when given, else read)."""
    by_owner = {row[1]: row for row in rows}
    row = by_owner.get(user_id) or by_owner.get(image.owner_id)
    if row is not None:
        pk, owner_id, version, updated, pixels_id, pixels_updated = row
        pixels = _cached_pixels(pixels_id, pixels_updated)
        return LoadedImage(image, pixels, _current_of_row(pk, owner_id, version, updated, pixels))
    if pixels_rows:
        pixels = _cached_pixels(pixels_rows[0][4], pixels_rows[0][5])
    else:
        pixels = Pixels.objects.filter(image_id=image.pk).first()
    if pixels is None:
        raise PixelsUnavailableError(f"Image {image.pk} has no pixels")
    return LoadedImage(image, pixels, current_of(None, pixels))


_compiled: dict[str, tuple[str, tuple[int, ...]]] = {}
_SENTINELS = (-1, -2, -3)


def _version_query(image_id: int, user_id: int, owner_id: int) -> Any:
    return RenderingDef.objects.filter(
        pixels__image_id=image_id, owner_id__in=(user_id, owner_id)
    ).values_list("pk", "owner_id", "version", "updated", "pixels_id", "pixels__updated")


def _version_rows(image_id: int, user_id: int, owner_id: int) -> list[tuple[Any, ...]]:
    """(pk, owner, version, updated, pixels id, pixels updated) of the user's and the
    owner's rendering defs of an image. The ORM's SQL for this query is compiled once per
    database vendor (with sentinel values marking where each argument goes) and reused:
    compiling it costs more than running it, and it runs for every tile."""
    vendor = connection.vendor
    found = _compiled.get(vendor)
    if found is None:
        sql, params = _version_query(*_SENTINELS).query.sql_with_params()
        order = tuple(params)
        if sorted(order) != sorted(_SENTINELS):  # the ORM changed its mind: no shortcut
            return list(_version_query(image_id, user_id, owner_id))
        found = _compiled[vendor] = (sql, order)
    sql, order = found
    values = dict(zip(_SENTINELS, (image_id, user_id, owner_id), strict=True))
    with connection.cursor() as cursor:
        cursor.execute(sql, [values[position] for position in order])
        return list(cursor.fetchall())


def access_rendering_def_of(ctx: EventContext, image: Image, rdef_id: object) -> RenderingDef:
    """A rendering def of ``image`` that ctx may see; 404 otherwise."""
    try:
        return (
            visible_rendering_defs(ctx)
            .select_related("pixels")
            .get(pk=rdef_id, pixels__image_id=image.pk)
        )
    except (RenderingDef.DoesNotExist, ValueError, TypeError):
        raise ObjectNotFoundError("RenderingDef", rdef_id) from None


def stored_fields(settings: RenderSettings) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """``settings`` as the fields and channel bindings ``do_save_rendering_def`` takes."""
    fields: dict[str, Any] = {
        "model": STORED_MODELS[settings.model],
        "default_z": settings.default_z,
        "default_t": settings.default_t,
        "projection": settings.projection.value,
        "projection_start": settings.projection_start,
        "projection_end": settings.projection_end,
    }
    channels = []
    for channel in settings.channels:
        value = int(channel.color, 16)
        channels.append(
            {
                "active": channel.active,
                "input_start": channel.start,
                "input_end": channel.end,
                "red": (value >> 16) & 0xFF,
                "green": (value >> 8) & 0xFF,
                "blue": value & 0xFF,
                "alpha": 255,
                "lut": channel.lut or "",
                "family": channel.family.value,
                "coefficient": channel.coefficient,
                "inverted": channel.inverted,
            }
        )
    return fields, channels


def save_settings(
    ctx: EventContext, image: Image, settings: RenderSettings, *, for_owner: bool = False
) -> RenderingDef:
    """Save ``settings`` as ctx's own rendering def of ``image`` (the owner's with
    ``for_owner``). One's own settings need the annotate permission (403 without)."""
    fields, channels = stored_fields(settings)
    return do_save_rendering_def(ctx, image, channels, for_owner=for_owner, **fields)


@functools.lru_cache(maxsize=4096)  # the same settings come back with every tile
def settings_digest(settings: RenderSettings) -> str:
    """A short stable digest of a whole :class:`RenderSettings` (for cache keys)."""
    return hashlib.sha1(repr(settings).encode(), usedforsecurity=False).hexdigest()[:20]
