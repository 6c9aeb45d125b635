"""The native Nikon ND2 reader (nd2) reads every ND2 of the corpus as Bio-Formats does."""

from __future__ import annotations

import pytest
from tests.bioformats_oracle import corpus_file, corpus_rows, differences

from pyomero.pixels.readers import Nd2Reader


@pytest.mark.parametrize("name", corpus_rows("Nikon ND2"))
def test_it_reads_every_corpus_file_as_bioformats_does(name: str) -> None:
    path = corpus_file(name)
    with Nd2Reader(path) as reader:
        assert differences(reader, path) == []
