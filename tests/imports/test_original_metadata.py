"""An import keeps what the reader found of the acquisition: the original metadata, the
objective and microscope; and names an image after its file when its own name is generic."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from pyomero.imports.mapping import image_name, image_specs, is_generic
from pyomero.model.actions.imports import (
    do_create_imported_images,
    do_fail_import,
    do_start_import,
)
from pyomero.model.context import EventContext
from pyomero.model.models import Image, Instrument, ObjectiveSettings, OriginalMetadata
from pyomero.pixels import Objective
from pyomero.pixels import synthetic as syn

from .conftest import only

LENS = Objective(
    model="Plan-Apochromat 63x/1.4 Oil",
    nominal_magnification=63.0,
    lens_na=1.4,
    immersion="Oil",
    microscope="Zeiss Observer",
)


def acquired(path: Path, name: str = "Image0") -> Path:
    syn.write_ome_tiff_acquired(
        path,
        syn.synthetic_metadata(64, 48, size_c=2, name=name),
        objective=LENS,
        acquired=datetime(2024, 3, 5, 9, 30, tzinfo=UTC),
        original=[("Camera|Exposure", "120 ms")],
    )
    return path


def test_it_keeps_the_original_metadata_and_the_objective(tmp_path: Path, do_import: Any) -> None:
    result = only(do_import(acquired(tmp_path / "cells.ome.tif")))
    image = Image.objects.get(pk=result.image_ids[0])
    kept = OriginalMetadata.objects.get(fileset=image.fileset, image=None)
    assert ("Camera|Exposure", "120 ms") in kept.pairs
    assert ("ImageWidth", "64") in kept.pairs
    assert kept.count == len(kept.pairs)
    objective = ObjectiveSettings.objects.get(image=image).objective
    assert (objective.model, objective.nominal_magnification, objective.lens_na) == (
        "Plan-Apochromat 63x/1.4 Oil",
        63.0,
        1.4,
    )
    assert (objective.immersion, objective.instrument.microscope) == ("Oil", "Zeiss Observer")
    assert image.acquisition_date == datetime(2024, 3, 5, 9, 30, tzinfo=UTC)


def test_it_names_the_image_after_the_file_when_its_own_name_is_generic(
    tmp_path: Path, do_import: Any
) -> None:
    generic = only(do_import(acquired(tmp_path / "hela-day3.ome.tif")))
    named = only(do_import(acquired(tmp_path / "other.ome.tif", name="HeLa mitosis")))
    assert Image.objects.get(pk=generic.image_ids[0]).name == "hela-day3.ome.tif"
    assert Image.objects.get(pk=named.image_ids[0]).name == "HeLa mitosis"  # a real name stays


@pytest.mark.parametrize(
    ("name", "generic"),
    [
        ("Image0", True),
        ("Image", True),
        ("Series 0", True),
        ("Image:1", True),
        ("image #2", True),
        ("", True),
        (None, True),
        ("Imaged cells", False),
        ("HeLa 0", False),
    ],
)
def test_it_tells_generic_names(name: str | None, generic: bool) -> None:
    assert is_generic(name) is generic


def test_it_names_the_series_of_a_multi_series_file_as_omero_does() -> None:
    meta = syn.synthetic_metadata(8, 8, name="")
    assert image_name("plate.lif", meta, 3, None, 2) == "plate.lif [2]"
    named = syn.synthetic_metadata(8, 8, name="Position 4")
    assert image_name("plate.lif", named, 3, None, 0) == "plate.lif [Position 4]"
    assert image_name("plate.lif", named, 3, "Run", 0) == "Run [Position 4]"


def test_a_failed_import_leaves_no_metadata_behind(owner_ctx: EventContext) -> None:
    fileset = do_start_import(owner_ctx)
    (spec,) = image_specs("a.ome.tif", [replace(syn.synthetic_metadata(8, 8), objective=LENS)])
    do_create_imported_images(owner_ctx, fileset, [spec], global_metadata=[("Software", "ZEN")])
    assert OriginalMetadata.objects.filter(fileset=fileset).exists()
    do_fail_import(owner_ctx, fileset, "the disk is full")
    assert not OriginalMetadata.objects.exists()
    assert not Instrument.objects.exists()
    assert not ObjectiveSettings.objects.exists()


def test_a_native_readers_pairs_and_lens_are_kept(do_import: Any) -> None:
    from tests.bioformats_oracle import corpus_file

    result = only(do_import(corpus_file("samples/dv/mrc_toxo.dv")))
    image = Image.objects.get(pk=result.image_ids[0])
    kept = OriginalMetadata.objects.get(fileset=image.fileset, image=None)
    assert ("Wavelength 2 (in nm)", "632") in kept.pairs
    objective = ObjectiveSettings.objects.get(image=image).objective
    assert (objective.manufacturer, objective.nominal_magnification, objective.lens_na) == (
        "Olympus",
        100.0,
        1.35,
    )
