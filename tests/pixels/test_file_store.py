"""The file store of originals, attachments and thumbnails, on a local disk (on Swift:
``tests/imports/test_s3_files.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyomero.pixels.errors import StoreExists
from pyomero.pixels.store.files import FileKeyError, FileStore, StoredFile


def test_it_writes_a_file_whole_or_not_at_all(tmp_path: Path) -> None:
    store = FileStore.of(tmp_path) / "Files"
    store.write_bytes("1", b"first")
    with pytest.raises(RuntimeError), store.writer("1") as out:
        out.write(b"half of the second")
        raise RuntimeError("the upload broke")
    assert store.read_bytes("1") == b"first"
    assert store.files() == [StoredFile("1", 5)]  # no temporary file left


def test_it_refuses_keys_that_leave_the_store(tmp_path: Path) -> None:
    store = FileStore.of(tmp_path / "Files")
    for key in ("../secret", "/etc/passwd", "", "a/../../b"):
        with pytest.raises(FileKeyError):
            store.read_bytes(key)


def test_it_moves_a_folder_only_where_nothing_is(tmp_path: Path) -> None:
    store = FileStore.of(tmp_path)
    store.write_bytes(".staging-1/a/b.tif", b"b")
    store.write_bytes("taken/x", b"x")
    with pytest.raises(StoreExists):
        store.move(".staging-1", "taken")
    store.move(".staging-1", "jane_3/2026-01/01/t")
    assert [f.key for f in store.files()] == ["jane_3/2026-01/01/t/a/b.tif", "taken/x"]


def test_it_lists_and_removes_by_the_start_of_a_key(tmp_path: Path) -> None:
    store = FileStore.of(tmp_path)
    for key in (".part-7-a/f", ".part-7-b/g/h", ".part-8-c/i", "kept/j"):
        store.write_bytes(key, b"1")
    assert [f.key for f in store.files(starting=".part-7-")] == [".part-7-a/f", ".part-7-b/g/h"]
    assert store.remove_tree(".part-7-b") == 1
    store.remove("kept/j")
    assert [f.key for f in store.files()] == [".part-7-a/f", ".part-8-c/i"]
    assert not (tmp_path / "kept").exists()  # emptied folders go too
