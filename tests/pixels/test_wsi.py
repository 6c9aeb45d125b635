"""Whole-slide TIFFs (Aperio SVS, Akoya QPTIFF) read as Bio-Formats reads them: the slide,
then label and macro images in its order, pixel size (MPP), marker names."""

from __future__ import annotations

import pytest
from tests.bioformats_oracle import corpus_file, corpus_rows, differences

from pyomero.pixels import open_image
from pyomero.pixels.metadata import Length
from pyomero.pixels.readers import WholeSlideTiffReader

FILES = corpus_rows("Aperio SVS") + corpus_rows("Akoya/PerkinElmer QPTIFF")


@pytest.mark.parametrize("name", FILES)
def test_it_reads_every_corpus_file_as_bioformats_does(name: str) -> None:
    path = corpus_file(name)
    with WholeSlideTiffReader(path) as reader:
        assert differences(reader, path) == []


def test_an_svs_has_its_pixel_size_then_label_and_macro() -> None:
    with open_image(corpus_file("samples/svs/pathml_small_HE.svs")) as reader:
        assert isinstance(reader, WholeSlideTiffReader)
        names = [s.metadata.name for s in reader.series]
        assert names == ["pathml_small_HE.svs", "label image", "macro image"]
        assert reader.series[0].metadata.physical_size_x == Length(0.499)


def test_a_qptiff_names_its_markers() -> None:
    with open_image(corpus_file("samples/qptiff/pathml_small_vectra.qptiff")) as reader:
        slide = reader.series[0].metadata
        assert [c.name for c in slide.channels] == ["DAPI", "FITC", "Cy3"]
        assert [s.metadata.name for s in reader.series[1:]] == ["Thumbnail", "Overview", "Label"]
