"""``omero import -f`` names each fileset's reader and images and every file that is not
importable; ``--reader`` forces a reader; ``omero.import.readers`` orders them."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from tests.bioformats_oracle import bioformats, corpus_file
from tests.pixels.test_czi import without_subblock

from pyomero.imaging.stores import open_pixels
from pyomero.model.models import Image, Pixels
from pyomero.pixels import synthetic as syn
from pyomero.testing.personas import Personas

from .conftest import Omero
from .import_fixtures import PASSWORD, cli_env

__all__ = ["cli_env"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    syn.write_ome_tiff(folder / "a.ome.tif", syn.synthetic_metadata(40, 30, size_c=2))
    (folder / "notes.txt").write_text("not an image")
    (folder / "empty.tif").write_bytes(b"")
    return folder


def test_it_lists_readers_images_and_what_is_not_importable(omero: Omero, folder: Path) -> None:
    result = omero("import", "-f", str(folder))
    assert result.code == 1  # something is not importable
    lines = result.out.splitlines()
    assert f"# Group: {folder / 'a.ome.tif'} Reader: ome-tiff Images: 1" in lines
    assert (
        f"# Not importable: {folder / 'notes.txt'}: no reader recognises this file's format"
        in lines
    )
    assert f"# Not importable: {folder / 'empty.tif'}: the file is empty (0 bytes)" in lines
    assert "# 1 fileset(s), 2 file(s), 2 not importable" in result.err


def test_it_lists_a_file_named_alone(omero: Omero, folder: Path) -> None:
    result = omero("import", "-f", str(folder / "a.ome.tif"))
    assert result.code == 0
    assert f"# Group: {folder / 'a.ome.tif'} Reader: ome-tiff Images: 1" in result.out


def test_it_lists_with_the_reader_forced(omero: Omero, folder: Path) -> None:
    result = omero("import", "-f", "--reader", "tiff", str(folder / "a.ome.tif"))
    assert "Reader: tiff Images: 1" in result.out
    refused = omero("import", "-f", "--reader", "leica-lif", str(folder / "a.ome.tif"))
    assert refused.code == 1
    assert "the leica-lif reader does not read this file" in refused.out


def test_it_refuses_an_unknown_reader_in_one_line(omero: Omero, folder: Path) -> None:
    result = omero("import", "-f", "--reader", "nope", str(folder))
    assert result.code != 0
    assert result.err.startswith("omero import: no reader is called 'nope' (readers: ")
    assert result.err.count("\n") == 1


def test_the_key_orders_the_readers(omero: Omero, folder: Path) -> None:
    assert omero("config", "set", "omero.import.readers", "tiff").code == 0
    result = omero("import", "-f", str(folder / "a.ome.tif"))
    assert "Reader: tiff Images: 1" in result.out
    assert omero("config", "set", "omero.import.readers", "Not A Name!").code != 0


def test_a_directory_import_names_the_files_it_passes_over(
    omero: Omero, cli_env: Personas, folder: Path
) -> None:
    result = omero("import", str(folder), "-u", "owner", "-w", PASSWORD)
    assert result.code == 1  # the empty file fails
    assert f"{folder / 'notes.txt'}: not importable: no reader recognises" in result.err
    assert Image.objects.count() == 1


def test_a_file_claimed_by_its_name_only_is_passed_over(
    omero: Omero, cli_env: Personas, folder: Path
) -> None:
    (folder / "notes.txt").unlink()
    (folder / "empty.tif").unlink()
    (folder / "settings.xml").write_text("<settings>no image here</settings>")
    listed = omero("import", "-f", str(folder))
    assert f"# Not importable: {folder / 'settings.xml'}: no reader recognises" in listed.out
    result = omero("import", str(folder), "-u", "owner", "-w", PASSWORD)
    assert result.code == 0, result.err
    assert f"{folder / 'settings.xml'}: not importable" in result.err
    assert Image.objects.count() == 1


def test_a_file_bioformats_cannot_read_fails_in_one_line_naming_it(
    omero: Omero, cli_env: Personas, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.spe"  # Princeton SPE: only Bio-Formats reads it
    broken.write_bytes(b"no SPE header here" * 40)
    result = omero("import", str(broken), "-u", "owner", "-w", PASSWORD)
    assert result.code == 1
    (line,) = [x for x in result.err.splitlines() if x.startswith("omero import: ")]
    assert line.startswith(f"omero import: {broken}: bioformats reader: Bio-Formats")
    assert "Traceback" not in result.err
    assert Image.objects.count() == 0


def test_it_lists_only_files_that_exist(omero: Omero, tmp_path: Path) -> None:
    original = tmp_path / "original.ome.tif"
    syn.write_ome_tiff(original, syn.synthetic_metadata(16, 16))
    renamed = original.rename(tmp_path / "renamed.ome.tif")  # the OME-XML keeps the old name
    result = omero("import", "-f", str(renamed))
    assert [line for line in result.out.splitlines() if not line.startswith("#")] == [str(renamed)]


def test_an_nd2_missing_a_frame_fails_in_one_line_naming_the_plane(
    omero: Omero, cli_env: Personas, tmp_path: Path
) -> None:
    data = bytearray(corpus_file("samples/nd2/pims_cluster.nd2").read_bytes())
    entry = data.rindex(b"ImageDataSeq|5!")  # frame 5 (t=0, z=5) in the chunk map
    data[entry : entry + 15] = b"ImageDataSex|5!"  # nd2 alone would read it as zeros
    broken = tmp_path / "broken.nd2"
    broken.write_bytes(bytes(data))
    result = omero("import", str(broken), "-u", "owner", "-w", PASSWORD)
    assert result.code == 1
    (line,) = [x for x in result.err.splitlines() if x.startswith("omero import: ")]
    assert line == (
        f"omero import: {broken}: nikon-nd2 reader: plane z=5, c=0..1, t=0, series 0 "
        "(frame 5) is not in the file's frame index: the file is damaged or incomplete"
    )
    assert "Traceback" not in result.err
    assert Image.objects.count() == 0
    assert [f for f in (tmp_path / "data").rglob("*") if f.is_file()] == []


def test_a_czi_missing_a_subblock_fails_in_one_line_naming_the_plane(
    omero: Omero, cli_env: Personas, tmp_path: Path
) -> None:
    source = "samples/czi/czitools_CellDivision_T3_Z5_CH2_X240_Y170.czi"
    broken = without_subblock(source, tmp_path, C=1, Z=2, T=1)
    result = omero("import", str(broken), "-u", "owner", "-w", PASSWORD)
    assert result.code == 1
    (line,) = [x for x in result.err.splitlines() if x.startswith("omero import: ")]
    assert line == (
        f"omero import: {broken}: zeiss-czi reader: plane z=2, c=1, t=1, series 0 has no "
        "subblock in the file's directory: the file is damaged or incomplete"
    )
    assert Image.objects.count() == 0


def test_an_intact_nd2_imports_as_bioformats_reads_it(
    omero: Omero, cli_env: Personas, tmp_path: Path
) -> None:
    path = corpus_file("samples/nd2/pims_cluster.nd2")
    with bioformats(path) as bf:
        result = omero("import", str(path), "-u", "owner", "-w", PASSWORD)
        assert result.code == 0, result.err
        (image,) = Image.objects.all()
        pixels = Pixels.objects.get(image=image)
        (want,) = bf.series
        assert (pixels.size_x, pixels.size_y, pixels.size_z, pixels.size_c, pixels.size_t) == (
            want.sizes
        )
        stored = open_pixels(pixels)
        for t, c, z in itertools.product(range(3), range(2), range(10)):
            assert np.array_equal(stored.read_plane(0, t, c, z), bf.plane(0, t, c, z))
