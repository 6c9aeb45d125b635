"""Bad input gets one clear error naming the file and the cause; the fileset is marked
failed and nothing is left half-written: no Image, Pixels or OriginalFile row, no file."""

from __future__ import annotations

import errno
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import tifffile

from pyomero.imports import ImportResult
from pyomero.pixels import synthetic as syn
from pyomero.pixels.store.location import LocalIO
from pyomero.testing.samples import Sample

from .conftest import failed_filesets, leftovers, only, rows

NOTHING = {"Image": 0, "Pixels": 0, "OriginalFile": 0}


def zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def truncated(path: Path) -> None:
    tifffile.imwrite(path, np.ones((256, 256), np.uint16))
    path.write_bytes(path.read_bytes()[: 256 * 256])


def corrupt_compression(path: Path) -> None:
    tifffile.imwrite(path, syn.plane(syn.PixelType.UINT16, 0, 0, 0, 64, 64), compression="zlib")
    with tifffile.TiffFile(path) as tif:
        offset = tif.pages.first.dataoffsets[0]
    raw = bytearray(path.read_bytes())
    raw[offset : offset + 16] = b"\xff" * 16
    path.write_bytes(bytes(raw))


def unsupported(path: Path) -> None:
    path.write_text("not an image")


def million_square(path: Path) -> None:
    tifffile.imwrite(path, np.zeros((16, 16), np.uint8))
    with tifffile.TiffFile(path, mode="r+b") as tif:
        tif.pages.first.tags["ImageWidth"].overwrite(1_000_000)
        tif.pages.first.tags["ImageLength"].overwrite(1_000_000)


def lying_ome_xml(path: Path) -> None:
    meta = syn.synthetic_metadata(32, 32)
    xml = syn.ome.OME(images=[syn._ome_image(0, meta, 0, None)]).to_xml()
    xml = xml.replace('SizeX="32"', 'SizeX="1024"')
    tifffile.imwrite(path, np.zeros((32, 32), np.uint16), description=xml, metadata=None)


CASES: list[tuple[str, Callable[[Path], None], str, str]] = [
    ("empty.tif", zero_bytes, "empty_file", "the file is empty"),
    ("cut.tif", truncated, "corrupt_file", "truncated"),
    ("garbled.tif", corrupt_compression, "corrupt_file", "cannot decode"),
    ("notes.txt", unsupported, "unsupported_format", "no reader recognises"),
    ("huge.tif", million_square, "too_large", "claims 1000000 x 1000000"),
    ("liar.ome.tif", lying_ome_xml, "metadata_mismatch", "the OME-XML describes"),
]


def assert_nothing_left(result: ImportResult, data_dir: Path) -> None:
    assert not result.ok
    assert rows() == NOTHING
    (fileset,) = failed_filesets()
    assert fileset.pk == result.fileset_id
    assert fileset.error == str(result.error)
    assert leftovers(data_dir) == []


@pytest.mark.parametrize(("name", "make", "code", "cause"), CASES, ids=[c[0] for c in CASES])
def test_it_fails_a_bad_file_cleanly(
    tmp_path: Path, do_import: Any, data_dir: Path, name: str, make: Any, code: str, cause: str
) -> None:
    path = tmp_path / name
    make(path)
    (result,) = do_import(path)
    assert result.error is not None
    assert result.error.code == code
    assert str(result.error).startswith(f"{path}: ")
    assert cause in str(result.error)
    assert_nothing_left(result, data_dir)


def test_it_refuses_a_path_outside_the_allowed_roots(
    samples: dict[str, Sample], do_import: Any, data_dir: Path, tmp_path: Path
) -> None:
    path = samples["png"].path
    (result,) = do_import(path, allowed_roots=(tmp_path / "uploads",))
    assert result.error is not None
    assert (result.error.code, result.error.status) == ("path_not_allowed", 403)
    assert str(result.error) == (
        f"{path}: the path is outside the directories imports may read (omero.import.allowed_roots)"
    )
    assert_nothing_left(result, data_dir)


def test_it_refuses_a_link_out_of_the_allowed_roots(
    samples: dict[str, Sample], do_import: Any, tmp_path: Path
) -> None:
    root = tmp_path / "uploads"
    root.mkdir()
    (root / "sneaky.png").symlink_to(samples["png"].path)
    (result,) = do_import(root / "sneaky.png", allowed_roots=(root,))
    assert result.error is not None and result.error.code == "path_not_allowed"


def _disk_full_after(monkeypatch: pytest.MonkeyPatch, puts: int) -> None:
    real = LocalIO.put
    count = {"n": 0}

    def put(self: LocalIO, key: str, data: bytes) -> None:
        count["n"] += 1
        if count["n"] > puts:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(self, key, data)

    monkeypatch.setattr(LocalIO, "put", put)


def test_it_fails_cleanly_when_the_disk_fills_mid_write_and_a_retry_succeeds(
    tmp_path: Path, do_import: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.ome.tif"
    syn.write_ome_tiff(path, syn.synthetic_metadata(1100, 700, size_c=2))
    _disk_full_after(monkeypatch, 5)
    (result,) = do_import(path)
    assert result.error is not None
    assert result.error.code == "storage_failed"
    assert str(result.error) == (
        f"{path}: no space left on the device (disk full) while writing the pixel pyramid"
    )
    assert_nothing_left(result, data_dir)
    monkeypatch.undo()
    again = only(do_import(path))
    assert len(again.image_ids) == 1
    assert rows() == {"Image": 1, "Pixels": 1, "OriginalFile": 1}


def test_it_fails_cleanly_when_the_disk_fills_while_copying(
    samples: dict[str, Sample], do_import: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pyomero.imports import repository

    def full(source: Path, out: Any, progress: Any) -> str:
        out.write(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device", str(source))

    monkeypatch.setattr(repository, "_copy", full)
    (result,) = do_import(samples["ome-tiff"].path)
    assert result.error is not None and "disk full" in str(result.error)
    assert_nothing_left(result, data_dir)


def test_it_removes_every_image_of_a_fileset_when_a_later_one_fails(
    samples: dict[str, Sample],
    do_import: Any,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pyomero.imports import pipeline

    real = pipeline.write_pyramid
    calls = {"n": 0}

    def third_fails(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(errno.EIO, "Input/output error")
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "write_pyramid", third_fails)
    plate = tmp_path / "plate.zarr"
    shutil.copytree(samples["zarr-plate-0.4"].path, plate)
    (result,) = do_import(plate)
    assert result.error is not None and "Input/output error" in str(result.error)
    assert_nothing_left(result, data_dir)
    from pyomero.model.models import Plate

    assert not Plate.objects.exists()
