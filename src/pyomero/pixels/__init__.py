"""Pixel sources: format readers behind one contract, and the OME-Zarr pyramid store.

Pure: no Django. The public surface is what this module exports::

    with open_image(path) as reader:          # the registry picks the reader
        for series in reader.series:
            info = write_pyramid(series, store_url, omero=block_of_stats)
    pyramid = open_pyramid(store_url)           # open once, read tiles fast
    tile = pyramid.read_channels(level, t, [0, 1, 2], z, y, x, 512, 512)
"""

from __future__ import annotations

from pyomero.pixels.contract import DEFAULT_LIMITS, Label, Limits, Reader, Series
from pyomero.pixels.errors import (
    CorruptFile,
    EmptyFile,
    MetadataMismatch,
    MissingExtra,
    PixelsError,
    RegionOutOfBounds,
    StoreError,
    StoreExists,
    StoreNotFound,
    StoreWriteFailed,
    TooLarge,
    UnsupportedFormat,
)
from pyomero.pixels.metadata import (
    Channel,
    ChannelStats,
    Length,
    Level,
    Objective,
    PixelType,
    Plane,
    Plate,
    PlateAcquisition,
    SeriesMetadata,
    Well,
    WellPlacement,
    WellSample,
)
from pyomero.pixels.readers._jvm import BioformatsUnavailable
from pyomero.pixels.readers._jvm import configure as configure_bioformats
from pyomero.pixels.registry import ReaderRegistry, default_registry, open_image
from pyomero.pixels.store import (
    Location,
    NgffSeries,
    OmeroBlock,
    PyramidInfo,
    WriteOptions,
    WriteProgress,
    open_pyramid,
    write_pyramid,
)

__all__ = [
    "DEFAULT_LIMITS",
    "BioformatsUnavailable",
    "Channel",
    "ChannelStats",
    "CorruptFile",
    "EmptyFile",
    "Label",
    "Length",
    "Level",
    "Limits",
    "Location",
    "MetadataMismatch",
    "MissingExtra",
    "NgffSeries",
    "Objective",
    "OmeroBlock",
    "PixelType",
    "PixelsError",
    "Plane",
    "Plate",
    "PlateAcquisition",
    "PyramidInfo",
    "Reader",
    "ReaderRegistry",
    "RegionOutOfBounds",
    "Series",
    "SeriesMetadata",
    "StoreError",
    "StoreExists",
    "StoreNotFound",
    "StoreWriteFailed",
    "TooLarge",
    "UnsupportedFormat",
    "Well",
    "WellPlacement",
    "WellSample",
    "WriteOptions",
    "WriteProgress",
    "configure_bioformats",
    "default_registry",
    "open_image",
    "open_pyramid",
    "write_pyramid",
]
