"""Opera Phenix/Operetta measurements (Harmony's index + one TIFF per plane) read as a Plate,
as Bio-Formats reads them; a missing plane file is an error naming it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.bioformats_oracle import corpus_file, differences

from pyomero.pixels import open_image
from pyomero.pixels.errors import CorruptFile
from pyomero.pixels.readers import PhenixReader

INDEX = "samples/phenix/Version5/images/Index.idx.xml"


def test_it_reads_the_corpus_plate_as_bioformats_does() -> None:
    path = corpus_file(INDEX)
    with PhenixReader(path) as reader:
        assert differences(reader, path) == []


def test_it_makes_one_image_of_six_named_channels_in_well_a1() -> None:
    with open_image(corpus_file(INDEX)) as reader:
        assert isinstance(reader, PhenixReader)
        (series,) = reader.series
        assert series.metadata.size_c == 6
        assert series.metadata.channels[0].name == "Digital Phase Contrast"
        (plate,) = reader.plates
        assert (plate.name, plate.rows, plate.columns) == ("BR00122249", 16, 24)
        assert len(reader.files) == 7


def test_it_names_a_missing_plane_file(tmp_path: Path) -> None:
    folder = corpus_file(INDEX).parent
    for name in ["Index.idx.xml", *(f"r01c01f01p01-ch{c}sk1fk1fl1.tiff" for c in range(1, 6))]:
        shutil.copy(folder / name, tmp_path / name)
    with pytest.raises(CorruptFile, match=r"r01c01f01p01-ch6sk1fk1fl1\.tiff"):
        PhenixReader(tmp_path / "Index.idx.xml")
