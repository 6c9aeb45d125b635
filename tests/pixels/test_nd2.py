"""The native Nikon ND2 reader (nd2) reads every ND2 of the corpus as Bio-Formats does,
and refuses, naming the plane, an ND2 whose frame index lacks or misplaces a frame (which
``nd2`` itself would read as zeros)."""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path

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
        raise KeyError(index)  # a lookup in the file's index that fails

    monkeypatch.setattr(nd2.ND2File, "read_frame", block_missing)
    path = corpus_file("samples/nd2/pims_cluster.nd2")
    with Nd2Reader(path) as reader, pytest.raises(CorruptFile) as failed:
        reader.series[0].read_plane(0, 0, 1, 5)  # frame 5: t=0, z=5
    assert str(failed.value) == (
        f"{path}: cannot decode pixel data of plane z=5, c=1, t=0, series 0: a part of the "
        "file that its index points to (5) is missing: the file is damaged or incomplete"
    )


SAMPLE = "samples/nd2/pims_cluster.nd2"  # 38 x 31, Z 10, C 2, T 3: frame 5 is t=0, z=5
DAMAGED = "the file is damaged or incomplete"


def damaged(tmp_path: Path, edit: Callable[[bytearray, int, int], None]) -> Path:
    """A copy of the sample whose frame 5 ``edit`` damages, given the bytes, the place of
    frame 5's entry in the chunk map at the file's end, and the chunk's offset."""
    data = bytearray(corpus_file(SAMPLE).read_bytes())
    entry = data.rindex(b"ImageDataSeq|5!")
    (offset,) = struct.unpack_from("<Q", data, entry + 15)
    edit(data, entry, offset)
    copy = tmp_path / "damaged.nd2"
    copy.write_bytes(bytes(data))
    return copy


def refusal(path: Path) -> str:
    with pytest.raises(CorruptFile) as failed:
        Nd2Reader(path).close()
    return str(failed.value)


def test_it_refuses_a_frame_missing_from_the_frame_index(tmp_path: Path) -> None:
    def unlist(data: bytearray, entry: int, offset: int) -> None:
        data[entry : entry + 15] = b"ImageDataSex|5!"  # no longer a frame's entry

    path = damaged(tmp_path, unlist)
    assert refusal(path) == (
        f"{path}: plane z=5, c=0..1, t=0, series 0 (frame 5) is not in the file's frame "
        f"index: {DAMAGED}"
    )


def test_it_refuses_an_entry_that_points_at_another_frame(tmp_path: Path) -> None:
    def point_at_frame_6(data: bytearray, entry: int, offset: int) -> None:
        other = data.rindex(b"ImageDataSeq|6!")
        data[entry + 15 : entry + 23] = data[other + 15 : other + 23]

    path = damaged(tmp_path, point_at_frame_6)  # nd2 would read frame 6 twice
    assert refusal(path) == (
        f"{path}: plane z=5, c=0..1, t=0, series 0 (frame 5) is not where the file's "
        f"frame index points: {DAMAGED}"
    )


def test_it_refuses_a_frame_whose_chunk_header_is_damaged(tmp_path: Path) -> None:
    def overwrite_header(data: bytearray, entry: int, offset: int) -> None:
        data[offset : offset + 32] = bytes(32)

    assert "(frame 5) is not where the file's frame index points" in refusal(
        damaged(tmp_path, overwrite_header)
    )


def test_it_refuses_a_frame_past_the_end_of_the_file(tmp_path: Path) -> None:
    def point_past_the_end(data: bytearray, entry: int, offset: int) -> None:
        struct.pack_into("<Q", data, entry + 15, len(data) + 4096)

    path = damaged(tmp_path, point_past_the_end)  # nd2 would read zeros
    assert refusal(path) == (
        f"{path}: plane z=5, c=0..1, t=0, series 0 (frame 5) lies beyond the end of the "
        f"file: {DAMAGED}"
    )


def test_it_refuses_a_frame_shorter_than_its_plane(tmp_path: Path) -> None:
    def shorten(data: bytearray, entry: int, offset: int) -> None:
        struct.pack_into("<Q", data, offset + 8, 8 + 100)  # the chunk's data length

    assert "(frame 5) holds fewer than the 4712 bytes of a frame" in refusal(
        damaged(tmp_path, shorten)
    )


def test_it_counts_every_damaged_frame_in_one_line(tmp_path: Path) -> None:
    def unlist_5_to_7(data: bytearray, entry: int, offset: int) -> None:
        for frame in (5, 6, 7):
            at = data.rindex(f"ImageDataSeq|{frame}!".encode())
            data[at : at + 12] = b"ImageDataSex"

    message = refusal(damaged(tmp_path, unlist_5_to_7))
    assert "(frame 5) is not in the file's frame index (and 2 more frames)" in message
    assert "\n" not in message
