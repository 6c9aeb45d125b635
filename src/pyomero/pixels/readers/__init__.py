"""The format readers pyomero ships, each behind :class:`pyomero.pixels.contract.Reader`."""

from __future__ import annotations

from pyomero.pixels.contract import Reader
from pyomero.pixels.readers.czi import ZeissCziReader as CziReader
from pyomero.pixels.readers.extras import LifReader, Nd2Reader
from pyomero.pixels.readers.ometiff import OmeTiffReader
from pyomero.pixels.readers.omezarr import OmeZarrReader
from pyomero.pixels.readers.pillow import PillowReader
from pyomero.pixels.readers.tiff import ImageJReader, LsmReader, PlainTiffReader, StkReader

ALL_READERS: tuple[type[Reader], ...] = (
    OmeTiffReader,
    OmeZarrReader,
    ImageJReader,
    LsmReader,
    StkReader,
    Nd2Reader,
    CziReader,
    LifReader,
    PillowReader,
    PlainTiffReader,
)

__all__ = [
    "ALL_READERS",
    "CziReader",
    "ImageJReader",
    "LifReader",
    "LsmReader",
    "Nd2Reader",
    "OmeTiffReader",
    "OmeZarrReader",
    "PillowReader",
    "PlainTiffReader",
    "StkReader",
]
