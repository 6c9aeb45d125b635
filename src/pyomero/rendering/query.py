"""OMERO's rendering query language, parsed once into typed values.

:func:`parse_query` reads the parameters a rendering URL may carry (``c``, ``maps``,
``m``, ``p``, ``q``, ``ia``, ``z``, ``t``, ``region``, ``tile``, ``format``) and ignores
every other one (jQuery's cache-busting ``_`` among them). A malformed value raises an
:class:`~pyomero.rendering.errors.InvalidParameterError` naming the parameter.
:func:`validate_query` then checks the values against the image's dimensions.

Z and T are 0-based, as in OMERO's ``render_image/<iid>/<z>/<t>/`` and thumbnail
``?z=&t=``; ``saveImgRDef`` sends them 1-based, which ``one_based_planes=True`` reads.
Every value is hashable, so a parsed query can be part of a cache key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pyomero.rendering.channels import (
    ChannelMap,
    ChannelQuery,
    parse_channels,
    parse_maps,
    parse_number,
)
from pyomero.rendering.errors import InvalidParameterError, ParameterOutOfRangeError
from pyomero.rendering.formats import DEFAULT_QUALITY, ImageFormat, parse_format
from pyomero.rendering.geometry import (
    DEFAULT_MAX_TILE_LENGTH,
    PlaneRegion,
    Region,
    Tile,
    parse_region,
    parse_tile,
    resolve_region,
    resolve_tile,
)
from pyomero.rendering.settings import Model, Projection

_INDEX = re.compile(r"\d{1,9}")
_MODELS = {"c": Model.COLOR, "g": Model.GREYSCALE}


@dataclass(frozen=True, slots=True)
class ProjectionQuery:
    """``p=kind[|start:end]``; the range is 0-based and inclusive."""

    projection: Projection
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class RenderQuery:
    """Everything a rendering request asked for; None means "as the settings say"."""

    channels: tuple[ChannelQuery, ...] | None = None
    maps: tuple[ChannelMap | None, ...] | None = None
    model: Model | None = None
    projection: ProjectionQuery | None = None
    quality: float = DEFAULT_QUALITY
    inverted_axis: bool = False
    z: int | None = None
    t: int | None = None
    region: Region | None = None
    tile: Tile | None = None
    format: ImageFormat | None = None


@dataclass(frozen=True, slots=True)
class ImageDimensions:
    """What :func:`validate_query` checks a query against."""

    size_x: int
    size_y: int
    size_z: int = 1
    size_c: int = 1
    size_t: int = 1
    levels: int = 1


def parse_plane_index(text: str, parameter: str, *, one_based: bool = False) -> int:
    """A Z or T index (path part or query value) as a 0-based int."""
    text = text.strip()
    if not _INDEX.fullmatch(text):
        raise InvalidParameterError(
            f"{parameter}={text!r} is not a plane index", parameter=parameter
        )
    value = int(text) - (1 if one_based else 0)
    if value < 0:
        raise InvalidParameterError(f"{parameter} counts from 1 here", parameter=parameter)
    return value


def parse_model(text: str) -> Model:
    model = _MODELS.get(text.strip().lower())
    if model is None:
        raise InvalidParameterError(f"m={text!r} is not g or c", parameter="m")
    return model


def parse_projection(text: str) -> ProjectionQuery:
    """``intmax``, ``intmean|0:9``, ...; the range ends are integers."""
    kind, _, bounds = text.strip().partition("|")
    try:
        projection = Projection(kind.strip().lower())
    except ValueError:
        raise InvalidParameterError(
            f"p={text!r} is not normal, intmax, intmean or intsum", parameter="p"
        ) from None
    if not bounds:
        return ProjectionQuery(projection)
    parts = [part.strip() for part in bounds.split(":")]
    if len(parts) != 2 or not all(_INDEX.fullmatch(part) for part in parts):
        raise InvalidParameterError(f"p={text!r}: the range is start:end", parameter="p")
    start, end = int(parts[0]), int(parts[1])
    if start > end:
        raise InvalidParameterError(f"p={text!r}: the range starts after it ends", parameter="p")
    return ProjectionQuery(projection, start, end)


def parse_quality(text: str) -> float:
    quality = parse_number(text, "q")
    if not 0.0 <= quality <= 1.0:
        raise InvalidParameterError(f"q={text!r} is not between 0 and 1", parameter="q")
    return quality


def parse_flag(text: str, parameter: str) -> bool:
    value = text.strip().lower()
    if value in ("1", "true"):
        return True
    if value in ("0", "false"):
        return False
    raise InvalidParameterError(f"{parameter}={text!r} is not 0 or 1", parameter=parameter)


def parse_query(params: Mapping[str, str], *, one_based_planes: bool = False) -> RenderQuery:
    """Parse a request's parameters (a dict or Django ``QueryDict``) into a query."""

    def value(name: str) -> str | None:
        raw = params.get(name)
        return None if raw is None else str(raw)

    c, maps, m, p, q, ia = (value(n) for n in ("c", "maps", "m", "p", "q", "ia"))
    z, t, region, tile, fmt = (value(n) for n in ("z", "t", "region", "tile", "format"))
    return RenderQuery(
        channels=None if c is None else parse_channels(c),
        maps=None if maps is None else parse_maps(maps),
        model=None if m is None else parse_model(m),
        projection=None if p is None else parse_projection(p),
        quality=DEFAULT_QUALITY if q is None else parse_quality(q),
        inverted_axis=False if ia is None else parse_flag(ia, "ia"),
        z=None if z is None else parse_plane_index(z, "z", one_based=one_based_planes),
        t=None if t is None else parse_plane_index(t, "t", one_based=one_based_planes),
        region=None if region is None else parse_region(region),
        tile=None if tile is None else parse_tile(tile),
        format=None if fmt is None else parse_format(fmt),
    )


def _check_index(value: int | None, size: int, parameter: str, what: str) -> None:
    if value is not None and value >= size:
        raise ParameterOutOfRangeError(
            f"{what} {value} is out of range; the image has {size}", parameter=parameter
        )


def validate_query(query: RenderQuery, dims: ImageDimensions) -> None:
    """Refuse Z, T, channels and tile levels the image does not have.

    The projection range is not checked here: as in OMERO it is clamped to the stack
    (see :func:`pyomero.rendering.project.resolve_projection_range`).
    """
    _check_index(query.z, dims.size_z, "z", "Z index")
    _check_index(query.t, dims.size_t, "t", "T index")
    for entry in query.channels or ():
        if entry.index >= dims.size_c:
            raise ParameterOutOfRangeError(
                f"channel {entry.index + 1} is out of range; the image has {dims.size_c}",
                parameter="c",
            )
    if query.tile is not None:
        _check_index(query.tile.level, dims.levels, "tile", "resolution level")


def channel_indexes(query: RenderQuery) -> Sequence[int]:
    """The 0-based channels ``c=`` mentions, in order (empty without ``c=``)."""
    return tuple(entry.index for entry in query.channels or ())


def resolve_area(
    query: RenderQuery,
    level_sizes: Sequence[tuple[int, int]],
    tile_size: tuple[int, int],
    *,
    max_tile_length: int = DEFAULT_MAX_TILE_LENGTH,
    max_region_pixels: int | None = None,
) -> PlaneRegion | None:
    """The rectangle a query asks for, or None for the whole plane.

    ``tile`` wins over ``region`` when both are given, as in OMERO.web; ``level_sizes``
    are the (size_x, size_y) of each resolution level, full resolution first.
    """
    if query.tile is not None:
        return resolve_tile(query.tile, level_sizes, tile_size, max_tile_length)
    if query.region is not None:
        size_x, size_y = level_sizes[0]
        return resolve_region(query.region, size_x, size_y, max_region_pixels)
    return None
