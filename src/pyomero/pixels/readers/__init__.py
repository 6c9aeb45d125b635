"""The format readers pyomero ships, each behind :class:`pyomero.pixels.contract.Reader`."""

from __future__ import annotations

from pyomero.pixels.contract import Reader
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
)

__all__ = [
    "ALL_READERS",
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
