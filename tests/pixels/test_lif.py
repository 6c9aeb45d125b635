"""The native Leica LIF reader (liffile) reads every LIF of the corpus as Bio-Formats does
(tile scans, λ scans, XZ line scans), refuses what it cannot map with a line naming it, and
a file whose image data are missing or cut short (liffile raises; nothing is read as zeros)."""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path

import liffile
import pytest
from tests.bioformats_oracle import corpus_file, corpus_rows, differences

from pyomero.pixels.errors import CorruptFile, UnsupportedFormat
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


TILE_SCAN = "samples/lif/PR2729_frameOrderCombinedScanTypes.lif"  # one 196608-byte block


def damaged_block(tmp_path: Path, edit: Callable[[bytearray, int, int], None]) -> Path:
    """A copy of the tile scan whose image's memory block ``edit`` damages, given the
    bytes, the offset of the block's header and that of its data."""
    source = corpus_file(TILE_SCAN)
    with liffile.LifFile(source) as lif:
        block = lif.images[0].memory_block
        header = block.offset - 2 * len(block.id) - struct.calcsize("<IIBQBI")
        offset = block.offset
    data = bytearray(source.read_bytes())
    edit(data, header, offset)
    path = tmp_path / "damaged.lif"
    path.write_bytes(bytes(data))
    return path


def refusal(path: Path) -> str:
    with pytest.raises(CorruptFile) as failed:
        LeicaLifReader(path).close()
    return str(failed.value)


def test_it_refuses_a_file_cut_short_in_its_image_data(tmp_path: Path) -> None:
    def cut(data: bytearray, header: int, offset: int) -> None:
        del data[offset + 1000 :]

    path = damaged_block(tmp_path, cut)
    assert refusal(path) == (
        f"{path}: not a readable LIF file: the data end before they should: "
        "the file is damaged or incomplete"
    )


def test_it_refuses_a_file_whose_memory_block_is_unreadable(tmp_path: Path) -> None:
    def garble(data: bytearray, header: int, offset: int) -> None:
        data[header] = 0x71  # not the 0x70 a memory block begins with

    path = damaged_block(tmp_path, garble)
    assert refusal(path) == (
        f"{path}: not a readable LIF file: a part of the file that its index points to "
        "('MemBlock_86') is missing: the file is damaged or incomplete"
    )


def test_it_refuses_a_memory_block_shorter_than_its_image(tmp_path: Path) -> None:
    def shorten(data: bytearray, header: int, offset: int) -> None:
        struct.pack_into("<Q", data, header + 9, 196608 - 4096)  # the block's size

    assert refusal(damaged_block(tmp_path, shorten)).endswith(
        "not a readable LIF file: array size=196608 > memory block size=192512"
    )
