"""The native Nikon ND2 reader (nd2) reads every ND2 of the corpus as Bio-Formats does."""

from __future__ import annotations

import pytest
from tests.bioformats_oracle import corpus_file, corpus_rows, differences

from pyomero.pixels.errors import UnsupportedFormat
from pyomero.pixels.readers import Nd2Reader


@pytest.mark.parametrize("name", corpus_rows("Nikon ND2"))
def test_it_reads_every_corpus_file_as_bioformats_does(name: str) -> None:
    path = corpus_file(name)
    with Nd2Reader(path) as reader:
        assert differences(reader, path) == []


def test_it_refuses_a_loop_it_cannot_map(monkeypatch: pytest.MonkeyPatch) -> None:
    import nd2

    real = nd2.ND2File.sizes

    def with_extra_loop(self: nd2.ND2File) -> dict[str, int]:
        return {"Q": 3, **real.__get__(self)}  # a loop the reader has no place for

    monkeypatch.setattr(nd2.ND2File, "sizes", property(with_extra_loop))
    with pytest.raises(UnsupportedFormat, match=r"dimensions Q \(3\) cannot be mapped"):
        Nd2Reader(corpus_file("samples/nd2/pims_cluster.nd2"))
