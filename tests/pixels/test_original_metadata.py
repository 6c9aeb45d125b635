"""Original metadata and acquisition details: what the readers found in the files, the
native readers agreeing with Bio-Formats where both read a file (Bio-Formats also folds
some vendor paths, ``Channels|Channel`` as ``Channel``: the keys differ there)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
import tifffile

from pyomero.pixels import Objective, open_image
from pyomero.pixels import synthetic as syn
from pyomero.pixels.original import MAX_ITEMS, as_text, text, xml_pairs
from pyomero.pixels.readers import BioformatsReader, _jvm

SAMPLES = Path("/work/shared/samples")
LENS = Objective(
    model="Plan-Apochromat 63x/1.4 Oil",
    manufacturer="Zeiss",
    nominal_magnification=63.0,
    lens_na=1.4,
    immersion="Oil",
    microscope="Zeiss Observer",
)
needs_bioformats = pytest.mark.skipif(
    _jvm.missing() is not None, reason=f"Bio-Formats is not installed: {_jvm.missing()}"
)


def acquired_tiff(path: Path) -> Path:
    syn.write_ome_tiff_acquired(
        path,
        syn.synthetic_metadata(64, 48, size_c=2, name="Image0"),
        objective=LENS,
        acquired=datetime(2024, 3, 5, 9, 30, tzinfo=UTC),
        original=[("Camera|Exposure", "120 ms"), ("Stage|Temperature", "37 °C")],
    )
    return path


def test_it_lists_a_plain_tiffs_tags(tmp_path: Path) -> None:
    path = tmp_path / "cells.tif"
    tifffile.imwrite(path, np.zeros((48, 64), np.uint16), software="Acquire 2.1")
    with open_image(path) as reader:
        found = dict(reader.global_metadata)
    assert found["ImageWidth"] == "64"
    assert found["ImageLength"] == "48"
    assert found["Software"] == "Acquire 2.1"
    assert "StripOffsets" not in found  # where bytes are: no meaning to a user


def test_it_keeps_the_vendor_pairs_and_the_objective_of_an_ome_tiff(tmp_path: Path) -> None:
    with open_image(acquired_tiff(tmp_path / "acq.ome.tif")) as reader:
        found = dict(reader.global_metadata)
        meta = reader.series[0].metadata
    assert found["Camera|Exposure"] == "120 ms"
    assert found["Stage|Temperature"] == "37 °C"
    assert found["Software"] == "pyomero synthetic"
    assert "ImageDescription" not in found  # the OME-XML itself is not a pair
    assert meta.objective == LENS
    assert meta.acquisition_date == datetime(2024, 3, 5, 9, 30, tzinfo=UTC)


@needs_bioformats
def test_bioformats_finds_the_same_objective_and_vendor_pairs(tmp_path: Path) -> None:
    with BioformatsReader(acquired_tiff(tmp_path / "acq.ome.tif")) as reader:
        found = dict(reader.global_metadata)
        meta = reader.series[0].metadata
    assert found["Camera|Exposure"] == "120 ms"
    assert meta.objective == LENS


@needs_bioformats
@pytest.mark.skipif(not SAMPLES.is_dir(), reason="no shared samples")
def test_the_czi_reader_agrees_with_bioformats_on_objective_and_keys() -> None:
    path = SAMPLES / "czi/czitools_CellDivision_T3_Z5_CH2_X240_Y170.czi"
    with open_image(path) as native, BioformatsReader(path) as reference:
        mine = native.series[0].metadata.objective
        theirs = reference.series[0].metadata.objective
        native_pairs = dict(native.global_metadata)
        reference_pairs = dict(reference.global_metadata)
    assert mine is not None and theirs is not None
    assert (mine.model, mine.nominal_magnification, mine.lens_na, mine.immersion) == (
        theirs.model,
        theirs.nominal_magnification,
        theirs.lens_na,
        theirs.immersion,
    )
    for key in ("Information|Image|SizeX", "Information|Image|SizeZ", "Information|Image|SizeC"):
        assert native_pairs[key] == reference_pairs[key]


def test_it_flattens_xml_with_repeated_paths_numbered() -> None:
    root = ET.fromstring('<A><B x="1">one</B><B x="2">two</B></A>')
    assert xml_pairs(root) == (
        ("A|B|x", "1"),
        ("A|B", "one"),
        ("A|B|x #2", "2"),
        ("A|B #2", "two"),
    )


def test_it_cuts_long_lists_and_writes_omeros_text_file() -> None:
    assert text(list(range(MAX_ITEMS + 10))).endswith(f", ... ({MAX_ITEMS + 10} values)]")
    assert text(b"Zeiss\x00") == "Zeiss"
    assert as_text((("a", "1"),), (("b", "2"),)) == (
        "[Global Metadata]\na=1\n[Series Metadata]\nb=2\n"
    )
