"""The native Olympus OIB/OIF reader (oiffile) reads every OIB of the corpus as Bio-Formats
does: channel names, pixel sizes."""

from __future__ import annotations

import pytest
from tests.bioformats_oracle import corpus_file, corpus_rows, differences

from pyomero.pixels import open_image
from pyomero.pixels.readers import OlympusOifReader


@pytest.mark.parametrize("name", corpus_rows("Olympus OIB"))
def test_it_reads_every_corpus_file_as_bioformats_does(name: str) -> None:
    path = corpus_file(name)
    with OlympusOifReader(path) as reader:
        assert differences(reader, path) == []


def test_it_names_the_channels() -> None:
    with open_image(corpus_file("samples/oib/oiffile_test.oib")) as reader:
        assert isinstance(reader, OlympusOifReader)
        names = [c.name for c in reader.series[0].metadata.channels]
        assert names == ["CH1", "CH2", "TD1"]
