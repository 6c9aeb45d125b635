"""The native Zeiss CZI reader (pylibCZIrw) reads every CZI of the corpus as Bio-Formats
does (the LSM 880 Airyscan file's channels 4-7, with one phase each, included), refuses
what it cannot map with a line that names it, and a file whose subblock directory lacks a
plane or a tile (which libCZI would paint black) with a line naming the plane."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from tests.bioformats_oracle import corpus_file, corpus_rows, differences

from pyomero.pixels.errors import CorruptFile, UnsupportedFormat
from pyomero.pixels.readers.czi import ZeissCziReader


@pytest.mark.parametrize("name", corpus_rows("Zeiss CZI"))
def test_it_reads_every_corpus_file_as_bioformats_does(name: str) -> None:
    path = corpus_file(name)
    with ZeissCziReader(path) as reader:
        assert differences(reader, path) == []


def test_it_maps_airyscan_phases_to_time_points() -> None:
    path = corpus_file("samples/czi/czitools_LSM880_AiryScan.czi")
    with ZeissCziReader(path) as reader:
        (series,) = reader.series
        assert (series.metadata.size_c, series.metadata.size_t) == (8, 32)


def test_it_makes_one_image_per_scene_and_a_plate_of_wells() -> None:
    with ZeissCziReader(corpus_file("samples/czi/czitools_WellD6-7_S2.czi")) as reader:
        assert [(s.metadata.size_x, s.metadata.size_y) for s in reader.series] == [(544, 440)] * 2
        (plate,) = reader.plates
        assert (plate.rows, plate.columns) == (8, 12)
        assert [(w.row, w.column) for w in plate.wells] == [(3, 5), (3, 6)]


def test_it_refuses_a_dimension_it_cannot_map(tmp_path: Path) -> None:
    # The Airyscan file with its phases (H) relabelled as illuminations (I).
    data = corpus_file("samples/czi/czitools_LSM880_AiryScan.czi").read_bytes()
    path = tmp_path / "illuminations.czi"
    path.write_bytes(data.replace(b"H\0\0\0", b"I\0\0\0"))
    with pytest.raises(UnsupportedFormat, match=r"dimension I \(illuminations, 32\)"):
        ZeissCziReader(path)


def test_it_reports_a_file_that_is_not_a_czi(tmp_path: Path) -> None:
    path = tmp_path / "scan.czi"
    path.write_bytes(b"II*\0" + b"\0" * 60)
    with pytest.raises(CorruptFile, match="not a CZI file"):
        ZeissCziReader(path)


def without_subblock(source: str, tmp_path: Path, **where: int) -> Path:
    """A copy of a corpus CZI whose subblock directory no longer lists the subblock at
    ``where`` (dimension -> start index): its pixels stay in the file, unlisted."""
    data = bytearray(corpus_file(source).read_bytes())
    (directory,) = struct.unpack_from("<q", data, 84)  # the file header's DirectoryPosition
    assert data[directory : directory + 15] == b"ZISRAWDIRECTORY"
    (count,) = struct.unpack_from("<i", data, directory + 32)
    entries, at = [], directory + 32 + 128
    for _ in range(count):  # DirectoryEntryDV: 32 bytes, then 20 per dimension
        (dimensions,) = struct.unpack_from("<i", data, at + 28)
        starts = {
            name.rstrip(b"\0").decode(): start
            for name, start in (
                struct.unpack_from("<4si", data, at + 32 + 20 * k) for k in range(dimensions)
            )
        }
        entries.append((at, 32 + 20 * dimensions, starts))
        at += 32 + 20 * dimensions
    (at, length, _), *_ = [e for e in entries if where.items() <= e[2].items()]
    del data[at : at + length]
    end = entries[-1][0] + entries[-1][1] - length
    data[end:end] = bytes(length)  # the directory keeps its size
    struct.pack_into("<i", data, directory + 32, count - 1)
    path = tmp_path / f"damaged-{source.rsplit('/', 1)[-1]}"
    path.write_bytes(bytes(data))
    return path


def test_it_refuses_a_plane_whose_subblock_is_not_in_the_directory(tmp_path: Path) -> None:
    source = "samples/czi/czitools_CellDivision_T3_Z5_CH2_X240_Y170.czi"
    path = without_subblock(source, tmp_path, C=1, Z=2, T=1)  # libCZI would paint it black
    with pytest.raises(CorruptFile) as failed:
        ZeissCziReader(path)
    assert str(failed.value) == (
        f"{path}: plane z=2, c=1, t=1, series 0 has no subblock in the file's directory: "
        "the file is damaged or incomplete"
    )


def test_it_refuses_a_mosaic_plane_short_of_a_tile(tmp_path: Path) -> None:
    source = "samples/czi/czitools_S3_1Pos_2Mosaic_T2Z3_CH2_sm.czi"
    path = without_subblock(source, tmp_path, S=2, C=1, Z=1, T=1, M=3)
    with pytest.raises(CorruptFile) as failed:
        ZeissCziReader(path)
    assert str(failed.value) == (
        f"{path}: plane z=1, c=1, t=1, series 2 lacks 1 of the 17 tiles of its scene: "
        "the file is damaged or incomplete"
    )
