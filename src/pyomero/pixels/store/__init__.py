"""The pixel store: OME-Zarr (NGFF 0.4) pyramids, written once and read fast."""

from __future__ import annotations

from pyomero.pixels.store.chunks import ArraySpec, ChunkArray, UnsupportedLayout
from pyomero.pixels.store.location import Location
from pyomero.pixels.store.pyramid import NgffSeries, open_pyramid
from pyomero.pixels.store.writer import (
    DEFAULT_CODEC,
    OmeroBlock,
    PyramidInfo,
    WriteOptions,
    WriteProgress,
    downsample,
    plan_levels,
    write_pyramid,
)

__all__ = [
    "DEFAULT_CODEC",
    "ArraySpec",
    "ChunkArray",
    "Location",
    "NgffSeries",
    "OmeroBlock",
    "PyramidInfo",
    "UnsupportedLayout",
    "WriteOptions",
    "WriteProgress",
    "downsample",
    "open_pyramid",
    "plan_levels",
    "write_pyramid",
]
