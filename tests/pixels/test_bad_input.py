"""Bad files get one clear error naming the file and the cause."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import tifffile

from pyomero.pixels import (
    CorruptFile,
    EmptyFile,
    MetadataMismatch,
    TooLarge,
    UnsupportedFormat,
    open_image,
)
from pyomero.pixels import synthetic as syn


def test_it_refuses_a_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.tif"
    path.write_bytes(b"")
    with pytest.raises(EmptyFile, match=r"empty\.tif: the file is empty") as info:
        open_image(path)
    assert info.value.code == "empty_file"


def test_it_refuses_an_unknown_format(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not an image")
    with pytest.raises(UnsupportedFormat, match=r"notes\.txt: no reader") as info:
        open_image(path)
    assert info.value.status == 415


def test_it_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFormat, match="no such file"):
        open_image(tmp_path / "nowhere.tif")


def test_it_refuses_a_truncated_tiff(tmp_path: Path) -> None:
    path = tmp_path / "cut.tif"
    tifffile.imwrite(path, np.ones((256, 256), np.uint16))
    path.write_bytes(path.read_bytes()[: 256 * 256])
    with pytest.raises(CorruptFile, match=r"cut\.tif: truncated"):
        open_image(path)


def test_it_refuses_a_tiff_cut_inside_its_header(tmp_path: Path) -> None:
    path = tmp_path / "head.tif"
    path.write_bytes(b"II*\x00\x08\x00\x00\x00\x0a\x00")
    with pytest.raises(CorruptFile, match=r"head\.tif"):
        open_image(path)


def test_it_reports_corrupt_compression_on_read(tmp_path: Path) -> None:
    path = tmp_path / "garbled.tif"
    data = syn.plane(syn.PixelType.UINT16, 0, 0, 0, 64, 64)
    tifffile.imwrite(path, data, compression="zlib")
    with tifffile.TiffFile(path) as tif:
        offset = tif.pages.first.dataoffsets[0]
    raw = bytearray(path.read_bytes())
    raw[offset : offset + 16] = b"\xff" * 16
    path.write_bytes(bytes(raw))
    with open_image(path) as reader, pytest.raises(CorruptFile, match="cannot decode"):
        reader.series[0].read_plane(0, 0, 0, 0)


def test_it_refuses_a_tiff_claiming_a_million_pixels_square(tmp_path: Path) -> None:
    path = tmp_path / "huge.tif"
    tifffile.imwrite(path, np.zeros((16, 16), np.uint8))
    with tifffile.TiffFile(path, mode="r+b") as tif:
        tif.pages.first.tags["ImageWidth"].overwrite(1_000_000)
        tif.pages.first.tags["ImageLength"].overwrite(1_000_000)
    with pytest.raises(TooLarge, match=r"huge\.tif: the image claims 1000000 x 1000000") as e:
        open_image(path)
    assert e.value.code == "too_large"


def test_it_refuses_an_ome_xml_that_contradicts_the_pixels(tmp_path: Path) -> None:
    path = tmp_path / "liar.ome.tif"
    meta = syn.synthetic_metadata(32, 32)
    xml = syn.ome.OME(images=[syn._ome_image(0, meta, 0, None)]).to_xml()
    xml = xml.replace('SizeX="32"', 'SizeX="1024"')
    tifffile.imwrite(path, np.zeros((32, 32), np.uint16), description=xml, metadata=None)
    with pytest.raises(MetadataMismatch, match=r"liar\.ome\.tif: the OME-XML describes"):
        open_image(path)
