"""The native Zeiss CZI reader (pylibCZIrw) reads every CZI of the corpus as Bio-Formats
does, and refuses what it cannot map with a line that names it."""

from __future__ import annotations

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
