"""The native Leica LIF reader (liffile) reads every LIF of the corpus as Bio-Formats does
(tile scans, λ scans, XZ line scans), and refuses what it cannot map with a line naming it."""

from __future__ import annotations

import pytest
from tests.bioformats_oracle import corpus_file, corpus_rows, differences

from pyomero.pixels.errors import UnsupportedFormat
from pyomero.pixels.readers.lif import LeicaLifReader, _Layout


@pytest.mark.parametrize("name", corpus_rows("Leica LIF"))
def test_it_reads_every_corpus_file_as_bioformats_does(name: str) -> None:
    path = corpus_file(name)
    with LeicaLifReader(path) as reader:
        assert differences(reader, path) == []


def test_it_makes_each_tile_of_a_tile_scan_an_image() -> None:
    with LeicaLifReader(corpus_file("samples/lif/PR2729_frameOrderCombinedScanTypes.lif")) as r:
        assert len(r.series) == 4
        assert {(s.metadata.size_z, s.metadata.size_c, s.metadata.size_t) for s in r.series} == {
            (3, 2, 2)
        }


def test_it_keeps_every_wavelength_of_a_lambda_scan() -> None:
    with LeicaLifReader(corpus_file("samples/lif/LeicaLASX_wavelength-sweep_example.lif")) as r:
        assert [s.metadata.size_t for s in r.series] == [20, 15, 20]


def test_it_refuses_a_dimension_it_cannot_map(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnsupportedFormat, match=r"dimensions Q \(3\) that cannot be mapped"):
        _Layout(tmp_path / "a.lif", "scan", ("Q", "Y", "X"), (3, 8, 8))
