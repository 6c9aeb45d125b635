"""The format readers pyomero ships, each behind :class:`pyomero.pixels.contract.Reader`."""

from __future__ import annotations

from pyomero.pixels.contract import Reader
from pyomero.pixels.readers.bioformats import BioformatsReader
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
    BioformatsReader,
)

#: The default reader of a format, by file name ending, where it is not the highest
#: priority reader that claims the file. A native reader is the default only when it
#: passes ``tests/pixels/test_conformance.py`` (equal to Bio-Formats) on every corpus
#: file of its format; until then Bio-Formats reads the format. ``omero.import.readers``
#: and ``omero import --reader`` override this table (docs/formats.md).
DEFAULT_FOR_SUFFIX: dict[str, str] = {
    ".lif": "bioformats",
    ".svs": "bioformats",
    ".qptiff": "bioformats",
    ".ndpi": "bioformats",
    ".scn": "bioformats",
}

__all__ = [
    "ALL_READERS",
    "DEFAULT_FOR_SUFFIX",
    "BioformatsReader",
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
