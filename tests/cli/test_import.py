"""``omero import``: as a user, a summary line per fileset, exit 0 only if all succeeded."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pyomero.model.actions import do_create_dataset
from pyomero.model.models import Dataset, Image
from pyomero.pixels import synthetic as syn
from pyomero.testing.personas import Personas

from .conftest import Omero
from .import_fixtures import PASSWORD, cli_env

__all__ = ["cli_env"]


@pytest.fixture
def files(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    syn.write_ome_tiff(folder / "a.ome.tif", syn.synthetic_metadata(40, 30, size_c=2))
    syn.write_ome_tiff(folder / "b.ome.tif", syn.synthetic_metadata(20, 10))
    return folder


def _ids(out: str) -> list[int]:
    return [int(i) for line in out.splitlines() for i in re.findall(r"\d+", line)]


def test_it_says_how_to_log_in(omero: Omero, cli_env: Personas, files: Path) -> None:
    result = omero("import", str(files / "a.ome.tif"))
    assert result.code == 2
    assert result.err == (
        "omero import: not logged in: run 'omero login -u USER' or pass -u USER (and -w PASSWORD)\n"
    )
    assert not Image.objects.exists()


def test_it_imports_with_u_and_w(omero: Omero, cli_env: Personas, files: Path) -> None:
    result = omero("import", str(files / "a.ome.tif"), "-u", "owner", "-w", PASSWORD)
    assert result.code == 0, result.err
    assert re.fullmatch(r"Image:\d+\n", result.out)
    image = Image.objects.get(pk=_ids(result.out)[0])
    assert (image.owner_id, image.group_id) == (cli_env.owner.pk, cli_env.group.pk)
    assert "1 fileset(s) imported, 1 image(s), 0 error(s)" in result.err


def test_it_imports_in_the_session(omero: Omero, cli_env: Personas, files: Path) -> None:
    omero("login", "-u", "member", "-w", PASSWORD)
    result = omero("import", str(files))
    assert result.code == 0, result.err
    assert len(result.out.splitlines()) == 2  # a directory: every fileset in it
    assert set(Image.objects.values_list("owner_id", flat=True)) == {cli_env.member.pk}


def test_it_exits_1_when_any_fileset_fails(omero: Omero, cli_env: Personas, files: Path) -> None:
    (files / "empty.tif").write_bytes(b"")
    result = omero("import", str(files), "-u", "owner", "-w", PASSWORD)
    assert result.code == 1
    assert len(result.out.splitlines()) == 2
    assert f"omero import: {files / 'empty.tif'}: the file is empty (0 bytes)" in result.err


def test_it_imports_into_a_dataset_and_names_the_image(
    omero: Omero, cli_env: Personas, files: Path
) -> None:
    from pyomero.model.context import event_context

    dataset = do_create_dataset(event_context(cli_env.owner, cli_env.group), "d")
    args = ["-d", str(dataset.pk), "-n", "named", "-x", "described"]
    result = omero("import", str(files / "b.ome.tif"), *args, "-u", "owner", "-w", PASSWORD)
    image = dataset.images.get()
    assert (image.pk, image.name, image.description) == (_ids(result.out)[0], "named", "described")


def test_it_creates_the_dataset_of_t(omero: Omero, cli_env: Personas, files: Path) -> None:
    spec = "Dataset:name:from the CLI"
    omero("import", str(files / "b.ome.tif"), "-T", spec, "-u", "owner", "-w", PASSWORD)
    assert Dataset.objects.get(name="from the CLI").images.count() == 1


def test_it_lists_without_importing_with_f(omero: Omero, files: Path) -> None:
    result = omero("import", "-f", str(files))
    assert result.code == 0
    assert f"# Group: {files / 'a.ome.tif'} Reader: ome-tiff" in result.out
    assert str(files / "b.ome.tif") in result.out
    assert "# 2 fileset(s), 2 file(s)" in result.err


def test_it_imports_for_another_user_with_sudo(
    omero: Omero, cli_env: Personas, files: Path
) -> None:
    args = ["--sudo", "admin", "-u", "owner", "-w", PASSWORD]
    result = omero("import", str(files / "a.ome.tif"), *args)
    assert result.code == 0, result.err
    assert Image.objects.get().owner_id == cli_env.owner.pk


def test_it_refuses_sudo_without_the_privilege(
    omero: Omero, cli_env: Personas, files: Path
) -> None:
    args = ["--sudo", "restricted-admin", "-u", "owner", "-w", PASSWORD]
    result = omero("import", str(files / "a.ome.tif"), *args)
    assert result.code == 2
    assert "restricted-admin may not act for other users (no Sudo privilege)" in result.err
    assert not Image.objects.exists()


def test_it_asks_for_a_user_before_a_remote_import(omero: Omero, files: Path) -> None:
    result = omero("import", "-s", "https://omero.example.org", "-d", "1", str(files))
    assert result.code == 1
    assert result.err.startswith("omero import: a remote import needs -u USER")


def test_it_refuses_an_unknown_skip(omero: Omero, files: Path) -> None:
    with pytest.raises(SystemExit):
        omero("import", "--skip", "everything", str(files))


def test_it_refuses_files_outside_the_allowed_roots(
    omero: Omero, cli_env: Personas, files: Path, tmp_path: Path
) -> None:
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    assert omero("config", "set", "omero.import.allowed_roots", f'["{allowed}"]').code == 0
    result = omero("import", str(files / "a.ome.tif"), "-u", "owner", "-w", PASSWORD)
    assert result.code == 1
    assert "a.ome.tif" in result.err
    assert "allowed" in result.err
    assert not Image.objects.exists()
