"""Regions and tiles: ``region=x,y,w,h`` and ``tile=level,col,row[,w,h]``.

Parsing checks the form; resolution against an image's level sizes gives the rectangle
to read, in the coordinates of its resolution level.

Levels count as in OME-Zarr: level 0 is full resolution, each next level smaller. This
is also what OMERO.web's ``tile=`` means: OMERO.web converts the URL's level ``v`` into
its rendering engine's numbering (where the highest index is full resolution) as
``levels - 1 - v``, so ``tile=0,...`` is a full-resolution tile for OMERO.iviewer and
OpenSeadragon alike. A tile's width and height default to the image's tile size when
missing or <= 0, and are clamped to ``max_tile_length`` (OMERO's
``omero.pixeldata.max_tile_length``, 1024). Tiles at the right and bottom edges are
cropped to the image, never padded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from pyomero.rendering.errors import (
    InvalidParameterError,
    ParameterOutOfRangeError,
    RegionTooLargeError,
)

#: OMERO's default for ``omero.pixeldata.max_tile_length``.
DEFAULT_MAX_TILE_LENGTH: Final = 1024

_INTEGER = re.compile(r"[+-]?\d{1,9}")


def _integers(text: str, parameter: str, counts: tuple[int, ...]) -> list[int]:
    parts = [part.strip() for part in text.split(",")]
    if len(parts) not in counts or not all(_INTEGER.fullmatch(part) for part in parts):
        expected = " or ".join(str(n) for n in counts)
        raise InvalidParameterError(
            f"{parameter}={text!r} is not {expected} comma-separated integers",
            parameter=parameter,
        )
    return [int(part) for part in parts]


@dataclass(frozen=True, slots=True)
class Region:
    """``region=x,y,w,h`` in full-resolution pixels."""

    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Tile:
    """``tile=level,column,row[,width,height]``; a missing or <= 0 size means default."""

    level: int
    column: int
    row: int
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True, slots=True)
class PlaneRegion:
    """A rectangle to read and render, at resolution ``level`` (0 = full resolution)."""

    level: int
    x: int
    y: int
    width: int
    height: int


def parse_region(text: str) -> Region:
    x, y, width, height = _integers(text, "region", (4,))
    if x < 0 or y < 0:
        raise InvalidParameterError(
            f"region={text!r} starts left of or above the image", parameter="region"
        )
    if width <= 0 or height <= 0:
        raise InvalidParameterError(f"region={text!r} has no area", parameter="region")
    return Region(x, y, width, height)


def parse_tile(text: str) -> Tile:
    values = _integers(text, "tile", (3, 5))
    level, column, row = values[:3]
    if level < 0 or column < 0 or row < 0:
        raise InvalidParameterError(
            f"tile={text!r} has a negative level, column or row", parameter="tile"
        )
    if len(values) == 5:
        width, height = values[3], values[4]
        return Tile(
            level, column, row, width if width > 0 else None, height if height > 0 else None
        )
    return Tile(level, column, row)


def format_tile(tile: Tile) -> str:
    parts = [tile.level, tile.column, tile.row]
    if tile.width is not None or tile.height is not None:
        parts += [tile.width or 0, tile.height or 0]
    return ",".join(str(part) for part in parts)


def format_region(region: Region) -> str:
    return f"{region.x},{region.y},{region.width},{region.height}"


def resolve_tile(
    tile: Tile,
    level_sizes: Sequence[tuple[int, int]],
    tile_size: tuple[int, int],
    max_tile_length: int = DEFAULT_MAX_TILE_LENGTH,
) -> PlaneRegion:
    """The rectangle of ``tile`` at its level; ``level_sizes`` are (size_x, size_y)."""
    if tile.level >= len(level_sizes):
        raise ParameterOutOfRangeError(
            f"resolution level {tile.level} does not exist; the image has {len(level_sizes)}",
            parameter="tile",
        )
    width = min(tile.width or tile_size[0], max_tile_length)
    height = min(tile.height or tile_size[1], max_tile_length)
    size_x, size_y = level_sizes[tile.level]
    x, y = tile.column * width, tile.row * height
    if x >= size_x or y >= size_y:
        raise ParameterOutOfRangeError(
            f"tile column {tile.column}, row {tile.row} is outside level {tile.level} "
            f"({size_x} x {size_y} pixels in tiles of {width} x {height})",
            parameter="tile",
        )
    return PlaneRegion(tile.level, x, y, min(width, size_x - x), min(height, size_y - y))


def resolve_region(
    region: Region, size_x: int, size_y: int, max_pixels: int | None = None
) -> PlaneRegion:
    """The full-resolution rectangle of ``region`` cropped to the image.

    A region wholly outside the image is out of range; ``max_pixels`` (if given)
    refuses a cropped region larger than that many pixels up front.
    """
    if region.x >= size_x or region.y >= size_y:
        raise ParameterOutOfRangeError(
            f"region at {region.x},{region.y} is outside the {size_x} x {size_y} image",
            parameter="region",
        )
    width = min(region.width, size_x - region.x)
    height = min(region.height, size_y - region.y)
    if max_pixels is not None and width * height > max_pixels:
        raise RegionTooLargeError(
            f"region of {width} x {height} pixels is larger than the {max_pixels} allowed",
            parameter="region",
        )
    return PlaneRegion(0, region.x, region.y, width, height)
