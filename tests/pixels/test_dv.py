"""The native DeltaVision reader (mrc) reads every DV of the corpus as Bio-Formats does,
rows top-down."""

from __future__ import annotations

import numpy as np
import pytest
from tests.bioformats_oracle import corpus_file, corpus_rows, differences

from pyomero.pixels import open_image
from pyomero.pixels.readers import DeltaVisionReader


@pytest.mark.parametrize("name", corpus_rows("DeltaVision"))
def test_it_reads_every_corpus_file_as_bioformats_does(name: str) -> None:
    path = corpus_file(name)
    with DeltaVisionReader(path) as reader:
        assert differences(reader, path) == []


def test_a_region_is_the_same_part_of_the_plane() -> None:
    with open_image(corpus_file("samples/dv/mrc_toxo.dv")) as reader:
        assert isinstance(reader, DeltaVisionReader)
        (series,) = reader.series
        plane = series.read_plane(0, 0, 1, 5)
        region = series.read(0, 0, 1, 5, 10, 20, 30, 40)
        assert np.array_equal(region, plane[10:40, 20:60])
