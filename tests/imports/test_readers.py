"""Which reader an import uses, and what a file read through Bio-Formats becomes."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from pyomero.conf.config import Config
from pyomero.model.models import Channel, Image, Pixels, Plate, WellSample
from pyomero.pixels import synthetic as syn
from pyomero.pixels.readers import _jvm
from pyomero.testing import corpus

from .conftest import failed_filesets, leftovers, only, rows

needs_bioformats = pytest.mark.skipif(
    os.environ.get("CI") != "true" and _jvm.missing() is not None,
    reason=f"Bio-Formats is not installed: {_jvm.missing()}",
)
SAMPLES = corpus.shared_dir()
needs_corpus = pytest.mark.skipif(
    os.environ.get("CI") != "true" and not SAMPLES.is_dir(),
    reason=f"the corpus of real files ({SAMPLES}) is absent",
)


def fake(tmp_path: Path, spec: str) -> Path:
    path = tmp_path / f"img&{spec}.fake"
    path.write_bytes(b"x")
    return path


@needs_bioformats
def test_it_imports_a_format_only_bioformats_reads(tmp_path: Path, do_import: Any) -> None:
    spec = "sizeX=300&sizeY=20&sizeZ=3&sizeC=2&sizeT=2&physicalSizeX=0.5"
    result = only(do_import(fake(tmp_path, spec)))
    pixels = Pixels.objects.get(image_id=result.image_ids[0])
    assert (pixels.size_x, pixels.size_z, pixels.size_c, pixels.size_t) == (300, 3, 2, 2)
    assert pixels.physical_size_x == pytest.approx(0.5)


@needs_bioformats
@needs_corpus
def test_it_imports_a_deltavision_file_with_its_physical_sizes(do_import: Any) -> None:
    result = only(do_import(SAMPLES / "dv" / "mrc_toxo.dv"))
    pixels = Pixels.objects.get(image_id=result.image_ids[0])
    assert (pixels.size_x, pixels.size_y, pixels.size_z, pixels.size_c) == (128, 128, 17, 2)
    assert pixels.physical_size_x == pytest.approx(0.13262, rel=1e-4)


@needs_bioformats
@needs_corpus
def test_it_imports_an_opera_phenix_plate(do_import: Any) -> None:
    result = only(do_import(SAMPLES / "phenix" / "Version5" / "images" / "Index.idx.xml"))
    plate = Plate.objects.get(pk=result.plate_ids[0])
    (image_id,) = result.image_ids
    sample = WellSample.objects.get(image_id=image_id)
    assert (sample.well.plate_id, sample.well.row, sample.well.column) == (plate.pk, 0, 0)
    names = list(
        Channel.objects.filter(pixels__image_id=image_id)
        .order_by("index")
        .values_list("name", flat=True)
    )
    assert names[:2] == ["Digital Phase Contrast", "Brightfield high"] and len(names) == 6
    pixels = Pixels.objects.get(image_id=image_id)
    assert pixels.physical_size_x == pytest.approx(0.598, rel=1e-3)


@needs_bioformats
def test_it_forces_a_reader_for_one_import(tmp_path: Path, do_import: Any, samples: Any) -> None:
    path = samples["ome-tiff"].path
    result = only(do_import(path, reader="bioformats"))
    pixels = Pixels.objects.get(image_id=result.image_ids[0])
    assert (pixels.size_z, pixels.size_c, pixels.size_t) == (3, 2, 2)


def test_a_reader_that_does_not_read_the_file_fails_it(tmp_path: Path, do_import: Any) -> None:
    path = tmp_path / "a.ome.tif"
    syn.write_ome_tiff(path, syn.synthetic_metadata(16, 16))
    (result,) = do_import(path, reader="leica-lif")
    assert not result.ok and "the leica-lif reader does not read this file" in str(result.error)
    assert rows()["Image"] == 0


def test_the_key_disables_a_reader(tmp_path: Path, settings: Any, do_import: Any) -> None:
    config = settings.OMERO_CONFIG
    settings.OMERO_CONFIG = Config(
        {**config.stored, "omero.import.readers": "-ome-tiff,-bioformats"}, config.omerodir
    )
    path = tmp_path / "a.ome.tif"
    syn.write_ome_tiff(path, syn.synthetic_metadata(16, 16, size_c=2))
    result = only(do_import(path))
    # Without the OME-TIFF reader, the plain TIFF reader names the image after the file,
    # not after the OME-XML.
    assert Image.objects.get(pk=result.image_ids[0]).name == "a.ome.tif"


def test_a_truncated_ome_tiff_fails_naming_what_is_missing(
    tmp_path: Path, data_dir: Path, do_import: Any
) -> None:
    whole = tmp_path / "whole.ome.tif"
    syn.write_ome_tiff(whole, syn.synthetic_metadata(64, 48, size_z=3, size_c=2))
    cut = tmp_path / "cut.ome.tif"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    (result,) = do_import(cut)
    assert not result.ok
    message = str(result.error)
    assert message.startswith(f"{cut}: ") and "truncated" in message and "\n" not in message
    assert rows() == {"Image": 0, "Pixels": 0, "OriginalFile": 0}
    assert [f.error for f in failed_filesets()] == [message]
    assert not [f for f in leftovers(data_dir) if not f.startswith("ManagedRepository/.")]


@needs_bioformats
@needs_corpus
def test_it_imports_a_princeton_spe_file_through_bioformats(do_import: Any) -> None:
    result = only(do_import(SAMPLES / "spe" / "pims_spestack_test.spe"))
    pixels = Pixels.objects.get(image_id=result.image_ids[0])
    assert (pixels.size_x, pixels.size_y, pixels.size_c, pixels.size_t) == (128, 128, 1, 5)
    assert pixels.pixels_type == "uint16"


@needs_bioformats
@needs_corpus
def test_bioformats_and_the_native_reader_import_a_plate_alike(do_import: Any) -> None:
    index = SAMPLES / "phenix" / "Version5" / "images" / "Index.idx.xml"
    native = only(do_import(index))
    forced = only(do_import(index, reader="bioformats"))
    for result in (native, forced):
        (image_id,) = result.image_ids
        assert WellSample.objects.get(image_id=image_id).well.plate_id == result.plate_ids[0]
    names = [
        list(
            Channel.objects.filter(pixels__image_id=r.image_ids[0])
            .order_by("index")
            .values_list("name", flat=True)
        )
        for r in (native, forced)
    ]
    assert names[0] == names[1]
