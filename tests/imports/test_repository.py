"""Originals go into the managed repository byte for byte, under OMERO's template path,
with their SHA-1; --transfer chooses copy, hard link, symbolic link or move."""

from __future__ import annotations

import hashlib
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from pyomero.imports import Skip, Transfer
from pyomero.imports.repository import ManagedRepository, template_prefix
from pyomero.model.models import Fileset, OriginalFile
from pyomero.testing.samples import Sample

from .conftest import only


def _copy(sample: Sample, tmp_path: Path) -> Path:
    target = tmp_path / "in" / sample.path.name
    target.parent.mkdir(exist_ok=True)
    shutil.copyfile(sample.path, target)
    return target


def test_it_builds_omeros_template_path() -> None:
    when = datetime(2026, 3, 4, 5, 6, 7, 890_000)
    assert template_prefix("jane", 3, when) == "jane_3/2026-03/04/05-06-07.890"


def test_it_keeps_the_original_byte_for_byte_with_its_sha1(
    samples: dict[str, Sample], do_import: Any, data_dir: Path
) -> None:
    path = samples["ome-tiff"].path
    result = only(do_import(path))
    fileset = Fileset.objects.get(pk=result.fileset_id)
    original = OriginalFile.objects.get(fileset_entries__fileset=fileset)
    digest = hashlib.sha1(path.read_bytes()).hexdigest()
    assert (original.name, original.size, original.hash, original.hasher) == (
        path.name,
        path.stat().st_size,
        digest,
        "SHA1-160",
    )
    assert original.path == fileset.template_prefix + "/"
    assert original.path.startswith("owner_")
    stored = data_dir / "ManagedRepository" / original.path / original.name
    assert stored.read_bytes() == path.read_bytes()
    assert fileset.entries.get().client_path == str(path)


def test_it_keeps_every_file_of_a_companion_fileset(
    samples: dict[str, Sample], do_import: Any
) -> None:
    result = only(do_import(samples["ome-tiff-companion"].path))
    names = OriginalFile.objects.filter(fileset_entries__fileset_id=result.fileset_id)
    assert sorted(names.values_list("name", flat=True)) == [
        "multi.companion.ome",
        "multi_0.ome.tif",
        "multi_1.ome.tif",
    ]


def test_it_keeps_the_layout_of_an_ome_zarr(
    samples: dict[str, Sample], do_import: Any, data_dir: Path
) -> None:
    result = only(do_import(samples["zarr-0.4"].path))
    fileset = Fileset.objects.get(pk=result.fileset_id)
    folder = data_dir / "ManagedRepository" / fileset.template_prefix / "image-0.4.zarr"
    assert (folder / ".zattrs").is_file()
    assert (folder / "labels" / "cells" / ".zattrs").is_file()


def test_it_hard_links_with_ln(samples: dict[str, Sample], do_import: Any, tmp_path: Path):
    source = _copy(samples["png"], tmp_path)
    only(do_import(source, transfer=Transfer.LN))
    assert source.stat().st_nlink == 2


def test_it_links_in_place_with_ln_s(
    samples: dict[str, Sample], do_import: Any, tmp_path: Path, data_dir: Path
) -> None:
    source = _copy(samples["png"], tmp_path)
    only(do_import(source, transfer=Transfer.LN_S))
    (link,) = (data_dir / "ManagedRepository").rglob("grey.png")
    assert link.is_symlink() and link.resolve() == source.resolve()


def test_it_removes_the_original_with_upload_rm(
    samples: dict[str, Sample], do_import: Any, tmp_path: Path
) -> None:
    source = _copy(samples["png"], tmp_path)
    only(do_import(source, transfer=Transfer.UPLOAD_RM))
    assert not source.exists()


def test_it_records_sizes_instead_of_sha1_with_skip_checksum(
    samples: dict[str, Sample], do_import: Any
) -> None:
    result = only(do_import(samples["png"].path, skip={Skip.CHECKSUM}))
    original = OriginalFile.objects.get(fileset_entries__fileset_id=result.fileset_id)
    assert (original.hasher, original.hash) == ("File-Size-64", f"{original.size:x}")


def test_it_gives_a_second_import_in_the_same_millisecond_its_own_folder(
    tmp_path: Path, samples: dict[str, Sample]
) -> None:
    repository = ManagedRepository(tmp_path)
    for _ in range(2):
        staging = repository.staging()
        staging.add(samples["png"].path, Path("grey.png"), Transfer.CP)  # type: ignore[arg-type]
        staging.commit("jane_3/2026-03/04/05-06-07.890")
    found = sorted(p.name for p in (tmp_path / "ManagedRepository/jane_3/2026-03/04").iterdir())
    assert found == ["05-06-07.890", "05-06-07.890-2"]


def test_it_refuses_a_copy_that_differs(
    tmp_path: Path, samples: dict[str, Sample], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pyomero.imports import ChecksumMismatch, repository

    monkeypatch.setattr(repository, "stored_sha1", lambda store, key: "0" * 40)
    staging = ManagedRepository(tmp_path).staging()
    with pytest.raises(ChecksumMismatch, match=r"grey\.png: the copy .* differs"):
        staging.add(samples["png"].path, Path("grey.png"), Transfer.CP)  # type: ignore[arg-type]
