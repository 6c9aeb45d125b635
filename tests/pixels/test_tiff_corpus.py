"""The TIFF readers (plain, ImageJ, OME-TIFF) read every TIFF of the corpus as Bio-Formats
does: RGB channels unnamed, pixel sizes from the resolution tags (inch, cm, or none:
pixels per µm) on the first series."""

from __future__ import annotations

import pytest
from tests.bioformats_oracle import corpus_file, corpus_rows, differences

from pyomero.pixels import open_image
from pyomero.pixels.metadata import Length

FILES = corpus_rows("TIFF") + corpus_rows("ImageJ TIFF") + corpus_rows("OME-TIFF")


@pytest.mark.parametrize("name", FILES)
def test_it_reads_every_corpus_file_as_bioformats_does(name: str) -> None:
    path = corpus_file(name)
    with open_image(path) as reader:
        assert differences(reader, path) == []


def test_a_resolution_in_dots_per_inch_is_a_pixel_size() -> None:
    with open_image(corpus_file("samples/tiff/pathml_smalltif.tif")) as reader:
        first, thumbnail = (s.metadata for s in reader.series)
        assert first.physical_size_x == Length(25_400 / 96)
        assert thumbnail.physical_size_x is None
