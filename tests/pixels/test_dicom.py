"""The native DICOM reader (pydicom) reads every DICOM of the corpus as Bio-Formats does
(a tiled whole-slide image composed from its JPEG frames), and refuses what it cannot map."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.bioformats_oracle import corpus_file, corpus_rows, differences

from pyomero.pixels import open_image
from pyomero.pixels.errors import UnsupportedFormat
from pyomero.pixels.readers import DicomReader

SLIDE = "samples/dicom/pathml_small_dicom.dcm"


@pytest.mark.parametrize("name", corpus_rows("DICOM"))
def test_it_reads_every_corpus_file_as_bioformats_does(name: str) -> None:
    path = corpus_file(name)
    with DicomReader(path) as reader:
        assert differences(reader, path) == []


def test_a_region_across_tiles_is_that_part_of_the_plane() -> None:
    with open_image(corpus_file(SLIDE)) as reader:
        assert isinstance(reader, DicomReader)
        (series,) = reader.series
        plane = series.read_plane(0, 0, 2, 0)
        assert np.array_equal(series.read(0, 0, 2, 0, 480, 490, 50, 40), plane[480:530, 490:530])


def test_it_refuses_frames_that_do_not_tile_the_slide(tmp_path: Path) -> None:
    import pydicom

    data = pydicom.dcmread(corpus_file(SLIDE))
    data.NumberOfFrames = 84  # as if two focal planes
    path = tmp_path / "planes.dcm"
    data.save_as(path)
    with pytest.raises(UnsupportedFormat, match="84 frames for 42 tiles"):
        DicomReader(path)
