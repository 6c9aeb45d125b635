"""The native Imaris reader (h5py) reads every IMS of the corpus as Bio-Formats does: one
series per depth of the resolution levels, pixel sizes from the extents."""

from __future__ import annotations

import pytest
from tests.bioformats_oracle import corpus_file, corpus_rows, differences

from pyomero.pixels import open_image
from pyomero.pixels.readers import ImarisReader


@pytest.mark.parametrize("name", corpus_rows("Imaris IMS"))
def test_it_reads_every_corpus_file_as_bioformats_does(name: str) -> None:
    path = corpus_file(name)
    with ImarisReader(path) as reader:
        assert differences(reader, path) == []


def test_levels_of_the_same_depth_are_one_series_pyramid() -> None:
    path = corpus_file("samples/ims/imaris-ims-file-reader_brain_crop3.ims")
    with open_image(path) as reader:
        assert isinstance(reader, ImarisReader)
        first = reader.series[0]
        assert [(lv.size_x, lv.size_y) for lv in first.levels] == [(673, 635), (336, 317)]
        assert first.read(1, 0, 1, 50, 300, 320, 17, 16).shape == (17, 16)
