"""The native Nikon ND2 reader (nd2) reads every ND2 of the corpus as Bio-Formats does."""

from __future__ import annotations

import pytest
from tests.bioformats_oracle import corpus_file, corpus_rows, differences

from pyomero.pixels.errors import CorruptFile, UnsupportedFormat
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


def test_it_says_what_a_missing_block_means_not_the_raw_key_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import nd2

    def block_missing(self: nd2.ND2File, index: int) -> None:
        raise KeyError(index)  # as nd2 does when the file's chunk map lacks the frame

    monkeypatch.setattr(nd2.ND2File, "read_frame", block_missing)
    path = corpus_file("samples/nd2/pims_cluster.nd2")
    with Nd2Reader(path) as reader, pytest.raises(CorruptFile) as failed:
        reader.series[0].read_plane(0, 0, 1, 5)  # frame 5: t=0, z=5
    assert str(failed.value) == (
        f"{path}: cannot decode pixel data of plane z=5, c=1, t=0: a part of the file that "
        "its index points to (5) is missing: the file is damaged or incomplete"
    )
