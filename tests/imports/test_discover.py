"""A directory imports every importable fileset in it, each file once."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from pyomero.imports import discover
from pyomero.testing.samples import Sample

from .conftest import only


def _folder(samples: dict[str, Sample], tmp_path: Path) -> Path:
    folder = tmp_path / "run"
    (folder / "sub").mkdir(parents=True)
    companion = samples["ome-tiff-companion"].path.parent
    for name in ("multi.companion.ome", "multi_0.ome.tif", "multi_1.ome.tif"):
        shutil.copyfile(companion / name, folder / name)
    shutil.copyfile(samples["png"].path, folder / "sub" / "grey.png")
    shutil.copytree(samples["zarr-0.4"].path, folder / "sub" / "image.zarr")
    (folder / "notes.txt").write_text("not an image")
    return folder


def test_it_finds_each_fileset_of_a_directory_once(
    samples: dict[str, Sample], tmp_path: Path
) -> None:
    found = discover([_folder(samples, tmp_path)])
    assert [(c.path.name, len(c.files)) for c in found.candidates] == [
        ("multi.companion.ome", 3),
        ("grey.png", 1),
        ("image.zarr", 0),
    ]
    assert [p.name for p in found.skipped] == ["notes.txt"]
    assert found.failures == ()


def test_it_imports_a_whole_directory(
    samples: dict[str, Sample], tmp_path: Path, do_import: Any
) -> None:
    results = do_import(_folder(samples, tmp_path))
    assert [r.ok for r in results] == [True, True, True]


def test_it_says_when_a_directory_holds_nothing_to_import(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("no")
    found = discover([tmp_path])
    assert found.candidates == ()
    (error,) = found.failures
    assert error.code == "nothing_to_import"
    assert str(error) == f"{tmp_path}: no file in this directory can be imported"


def test_it_takes_a_named_file_as_given(samples: dict[str, Sample], do_import: Any) -> None:
    part = samples["ome-tiff-companion"].path.parent / "multi_1.ome.tif"
    result = only(do_import(part))
    assert len(result.image_ids) == 1
