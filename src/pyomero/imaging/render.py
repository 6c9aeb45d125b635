"""Rendering use cases: a whole plane, a region or tile, the split-channel view.

Each takes an event context, an image id and a parsed
:class:`~pyomero.rendering.RenderQuery`, and returns a
:class:`~pyomero.imaging.rendered.Rendered`. The order is fixed: access the image
(404 for what ctx may not see), check the query against the image, compute the ETag,
then (unless the client's copy is current or the render cache has it) read, render,
encode.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from PIL import Image as PILImage

from pyomero.imaging.config import ImagingConfig, imaging_config
from pyomero.imaging.planes import read_planes, whole_level
from pyomero.imaging.rendered import Rendered, conditional, make_etag
from pyomero.imaging.rendering_defs import LoadedImage, load_image, settings_digest
from pyomero.imaging.stores import open_pixels
from pyomero.model.context import EventContext
from pyomero.pixels import NgffSeries
from pyomero.rendering import (
    ImageDimensions,
    ImageFormat,
    InvalidParameterError,
    Model,
    PlaneRegion,
    RenderQuery,
    RenderSettings,
    apply_query,
    encode,
    render,
    resolve_area,
    validate_query,
)

NO_ETAGS: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Prepared:
    """An accessed image, its opened pyramid, the settings to render with, the plane."""

    loaded: LoadedImage
    series: NgffSeries
    settings: RenderSettings
    z: int
    t: int
    config: ImagingConfig

    @property
    def level_sizes(self) -> list[tuple[int, int]]:
        return [(level.size_x, level.size_y) for level in self.series.levels]

    @property
    def tile_size(self) -> tuple[int, int]:
        first = self.series.levels[0]
        return (first.tile_width or 512, first.tile_height or 512)

    def etag(self, kind: str, *parts: object) -> str:
        return make_etag(
            kind,
            self.loaded.image.pk,
            self.loaded.revision,
            settings_digest(self.settings),
            self.z,
            self.t,
            *parts,
        )


def check_strict(query: RenderQuery) -> None:
    """The ``*_rdef`` views' rule: every setting is in the query (OMERO's validation)."""
    if query.channels is None:
        raise InvalidParameterError("Rendering settings must specify channels as c", parameter="c")
    for entry in query.channels:
        if entry.start is None or entry.end is None:
            raise InvalidParameterError("Must specify window for each channel", parameter="c")
        if entry.color is None and entry.lut is None:
            raise InvalidParameterError("Must specify color for each channel", parameter="c")
    if query.model is None:
        raise InvalidParameterError(
            'Query parameter "m" must be present with value either "g" or "c"', parameter="m"
        )
    if query.maps is not None and len(query.maps) != len(query.channels):
        raise InvalidParameterError(
            'Number of "maps" must match number of channels', parameter="maps"
        )


def prepare(
    ctx: EventContext,
    image_id: object,
    query: RenderQuery,
    z: int | None = None,
    t: int | None = None,
    *,
    strict: bool = False,
    rdef_id: object = None,
) -> Prepared:
    """Access, open and validate: everything a render needs before reading pixels.

    ``z``/``t`` from the URL path win over the query's; missing, the settings' default
    plane. With ``ia=1`` (OMERO's inverted axis) the two are swapped.
    """
    if strict:
        check_strict(query)
    loaded = load_image(ctx, image_id, rdef_id=rdef_id, lean=True)
    series = open_pixels(loaded.pixels)
    stored = loaded.current.settings
    z = z if z is not None else query.z
    t = t if t is not None else query.t
    if query.inverted_axis:
        z, t = t, z
    z = stored.default_z if z is None else z
    t = stored.default_t if t is None else t
    pixels = loaded.pixels
    levels = len(series.levels)
    if query.tile is not None and query.tile.level and not is_tiled(series, pixels):
        message = (
            f"tile: resolution level {query.tile.level} of an image that is not tiled "
            "(imgData says tiles: false); use level 0 or region="
        )
        raise InvalidParameterError(message, parameter="tile")
    dims = ImageDimensions(
        pixels.size_x,
        pixels.size_y,
        pixels.size_z,
        pixels.size_c,
        pixels.size_t,
        levels=levels,
    )
    validate_query(dataclasses.replace(query, z=z, t=t), dims)
    settings = apply_query(stored, query)
    return Prepared(loaded, series, settings, z, t, imaging_config())


def is_tiled(series: NgffSeries, pixels: Any) -> bool:
    """Whether viewers get the image as tiles of a pyramid (imgData's ``tiles``): it
    has several levels and a plane larger than ``omero.pixeldata.max_plane_*``. Any
    other image is one level to its clients, as OMERO's non-pyramid files."""
    max_pixels = imaging_config().max_plane_pixels
    return len(series.levels) > 1 and pixels.size_x * pixels.size_y > max_pixels


def render_area(prepared: Prepared, area: PlaneRegion) -> NDArray[np.uint8]:
    """The (H, W, 3) rendering of ``area``."""
    planes = read_planes(
        prepared.series,
        prepared.settings,
        area,
        prepared.z,
        prepared.t,
        max_projection_bytes=prepared.config.max_projection_bytes,
    )
    return render(planes, prepared.settings, shape=(area.height, area.width))


def _encoded(
    prepared: Prepared,
    query: RenderQuery,
    area: PlaneRegion,
    kind: str,
    if_none_match: Collection[str],
    use_cache: bool,
) -> Rendered:
    fmt = query.format or ImageFormat.JPEG
    box = (area.level, area.x, area.y, area.width, area.height)
    etag = prepared.etag(kind, *box, fmt.value, query.quality)
    return conditional(
        etag,
        fmt.content_type,
        if_none_match,
        lambda: encode(render_area(prepared, area), fmt, query.quality),
        use_cache=use_cache,
    )


def render_image(
    ctx: EventContext,
    image_id: object,
    query: RenderQuery,
    z: int | None = None,
    t: int | None = None,
    *,
    strict: bool = False,
    if_none_match: Collection[str] = NO_ETAGS,
    use_cache: bool = True,
) -> Rendered:
    """``render_image``: the whole plane (a big image's largest level that fits
    ``omero.pixeldata.max_plane_width x max_plane_height``)."""
    prepared = prepare(ctx, image_id, query, z, t, strict=strict)
    area = whole_level(prepared.series, prepared.config.max_plane_pixels)
    return _encoded(prepared, query, area, "image", if_none_match, use_cache)


def render_image_region(
    ctx: EventContext,
    image_id: object,
    query: RenderQuery,
    z: int | None = None,
    t: int | None = None,
    *,
    strict: bool = False,
    if_none_match: Collection[str] = NO_ETAGS,
    use_cache: bool = True,
) -> Rendered:
    """``render_image_region``: ``tile=level,col,row[,w,h]`` or ``region=x,y,w,h``."""
    if query.tile is None and query.region is None:
        raise InvalidParameterError("tile or region argument required", parameter="tile")
    prepared = prepare(ctx, image_id, query, z, t, strict=strict)
    config = prepared.config
    area = resolve_area(
        query,
        prepared.level_sizes,
        prepared.tile_size,
        max_tile_length=config.max_tile_length,
        max_region_pixels=config.max_plane_pixels,
    )
    assert area is not None  # tile or region was given
    return _encoded(prepared, query, area, "region", if_none_match, use_cache)


def split_dims(size_x: int, size_y: int, size_c: int, border: int = 2) -> dict[str, dict[str, int]]:
    """OMERO's ``splitChannelDims``: the grid of the split view, greyscale and colour.

    The colour grid has one more panel, the merged image.
    """

    def grid(panels: int) -> dict[str, int]:
        root = panels**0.5
        rows = round(root)
        columns = rows + 1 if root > rows else rows
        return {
            "width": size_x * columns + border * (columns + 1),
            "height": size_y * rows + border * (rows + 1),
            "border": border,
            "gridx": columns,
            "gridy": rows,
        }

    return {"g": grid(size_c), "c": grid(size_c + 1)}


def render_split_channel(
    ctx: EventContext,
    image_id: object,
    query: RenderQuery,
    z: int | None = None,
    t: int | None = None,
    *,
    if_none_match: Collection[str] = NO_ETAGS,
) -> Rendered:
    """``render_split_channel``: each active channel in its own panel, then the merge.

    Greyscale: every active channel in grey, no merged panel. Colour: every active
    channel in its colour, and the merged image last. Inactive channels leave their
    panel empty (white), as in OMERO.
    """
    prepared = prepare(ctx, image_id, query, z, t)
    area = whole_level(prepared.series, prepared.config.max_plane_pixels)
    fmt = query.format or ImageFormat.JPEG
    etag = prepared.etag("split", area.level, fmt.value, query.quality)
    return conditional(
        etag,
        fmt.content_type,
        if_none_match,
        lambda: encode(_split_canvas(prepared, area), fmt, query.quality),
    )


def _split_canvas(prepared: Prepared, area: PlaneRegion) -> NDArray[np.uint8]:
    settings = prepared.settings
    greyscale = settings.model is Model.GREYSCALE
    dims = split_dims(area.width, area.height, len(settings.channels))["g" if greyscale else "c"]
    canvas = np.full((dims["height"], dims["width"], 3), 255, dtype=np.uint8)
    active = [i for i, channel in enumerate(settings.channels) if channel.active]
    planes = read_planes(
        prepared.series,
        dataclasses.replace(settings, model=Model.COLOR),
        area,
        prepared.z,
        prepared.t,
        max_projection_bytes=prepared.config.max_projection_bytes,
        channels=tuple(active),
    )
    border, columns = dims["border"], dims["gridx"]
    panels: list[tuple[int, NDArray[np.uint8]]] = []
    for index in active:
        alone = tuple(
            dataclasses.replace(ch, active=i == index) for i, ch in enumerate(settings.channels)
        )
        one = dataclasses.replace(settings, channels=alone)
        panels.append((index, render(planes, one, shape=(area.height, area.width))))
    if not greyscale:
        merged = render(planes, settings, shape=(area.height, area.width))
        panels.append((len(settings.channels), merged))
    for slot, rgb in panels:
        row, column = divmod(slot, columns)
        top = border + row * (area.height + border)
        left = border + column * (area.width + border)
        canvas[top : top + area.height, left : left + area.width] = rgb
    return canvas


def resize(rgb: NDArray[np.uint8], width: int, height: int) -> NDArray[np.uint8]:
    """``rgb`` scaled to ``width`` x ``height`` (bilinear, with Pillow's reducing gap)."""
    if rgb.shape[1] == width and rgb.shape[0] == height:
        return rgb
    image = PILImage.fromarray(np.ascontiguousarray(rgb))
    return np.asarray(image.resize((width, height), PILImage.Resampling.BILINEAR, reducing_gap=2.0))
