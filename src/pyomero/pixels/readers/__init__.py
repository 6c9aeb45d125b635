"""The format readers pyomero ships, each behind :class:`pyomero.pixels.contract.Reader`."""

from __future__ import annotations

from pyomero.pixels.contract import Reader
from pyomero.pixels.readers.bioformats import BioformatsReader
from pyomero.pixels.readers.czi import ZeissCziReader as CziReader
from pyomero.pixels.readers.dicom import DicomReader
from pyomero.pixels.readers.dv import DeltaVisionReader
from pyomero.pixels.readers.extras import Nd2Reader
from pyomero.pixels.readers.ims import ImarisReader
from pyomero.pixels.readers.lif import LeicaLifReader as LifReader
from pyomero.pixels.readers.mrc import MrcReader
from pyomero.pixels.readers.oif import OlympusOifReader
from pyomero.pixels.readers.ometiff import OmeTiffReader
from pyomero.pixels.readers.omezarr import OmeZarrReader
from pyomero.pixels.readers.phenix import PhenixReader
from pyomero.pixels.readers.pillow import PillowReader
from pyomero.pixels.readers.tiff import ImageJReader, LsmReader, PlainTiffReader, StkReader
from pyomero.pixels.readers.wsi import WholeSlideTiffReader

ALL_READERS: tuple[type[Reader], ...] = (
    OmeTiffReader,
    OmeZarrReader,
    ImageJReader,
    LsmReader,
    StkReader,
    Nd2Reader,
    CziReader,
    LifReader,
    DeltaVisionReader,
    MrcReader,
    OlympusOifReader,
    ImarisReader,
    PhenixReader,
    DicomReader,
    WholeSlideTiffReader,
    PillowReader,
    PlainTiffReader,
    BioformatsReader,
)

#: The default reader of a format, by file name ending, where it is not the highest
#: priority reader that claims the file. A native reader is the default only when it
#: passes ``tests/pixels/test_conformance.py`` (equal to Bio-Formats) on every corpus
#: file of its format; until then Bio-Formats reads the format (NDPI and SCN: no native
#: reader has been checked on such files, and the plain TIFF reader would claim them).
#: ``omero.import.readers`` and ``omero import --reader`` override this table
#: (docs/formats.md).
DEFAULT_FOR_SUFFIX: dict[str, str] = {
    ".ndpi": "bioformats",
    ".scn": "bioformats",
}

__all__ = [
    "ALL_READERS",
    "DEFAULT_FOR_SUFFIX",
    "BioformatsReader",
    "CziReader",
    "DeltaVisionReader",
    "DicomReader",
    "ImageJReader",
    "ImarisReader",
    "LifReader",
    "LsmReader",
    "MrcReader",
    "Nd2Reader",
    "OlympusOifReader",
    "OmeTiffReader",
    "OmeZarrReader",
    "PhenixReader",
    "PillowReader",
    "PlainTiffReader",
    "StkReader",
    "WholeSlideTiffReader",
]
