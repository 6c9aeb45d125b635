"""Plates become Plate, Well, WellSample and PlateAcquisition rows; -r puts them in a screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ome_types import model as ome

from pyomero.model.actions import do_create_screen
from pyomero.model.models import Plate, Well, WellSample
from pyomero.pixels import synthetic as syn
from pyomero.testing.samples import Sample

from .conftest import only


@pytest.mark.parametrize("name", ["zarr-plate-0.4", "zarr-plate-0.5"])
def test_it_imports_an_ome_zarr_plate(samples: dict[str, Sample], do_import: Any, name: str):
    result = only(do_import(samples[name].path))
    assert len(result.plate_ids) == 1
    plate = Plate.objects.get(pk=result.plate_ids[0])
    assert (plate.name, plate.rows, plate.columns) == ("synthetic plate", 2, 3)
    assert (plate.row_naming_convention, plate.column_naming_convention) == ("letter", "number")
    assert Well.objects.filter(plate=plate).count() == 6
    samples_ = WellSample.objects.filter(well__plate=plate)
    assert samples_.count() == 12
    assert sorted(samples_.values_list("well__row", "well__column", "index"))[:3] == [
        (0, 0, 0),
        (0, 0, 1),
        (0, 1, 0),
    ]
    run = plate.acquisitions.get()
    assert (run.name, run.maximum_field_count) == ("run 1", 2)
    assert set(samples_.values_list("plate_acquisition", flat=True)) == {run.pk}
    assert set(samples_.values_list("image_id", flat=True)) == set(result.image_ids)
    assert result.summary.startswith(f"Plate:{plate.pk} Image:")


def test_it_imports_an_ome_tiff_plate(tmp_path: Path, do_import: Any) -> None:
    images = [syn.synthetic_metadata(16, 16, name=f"img{i}") for i in range(4)]
    wells = [
        ome.Well(
            id=f"Well:{w}",
            row=1,
            column=w,
            well_samples=[
                ome.WellSample(
                    id=f"WellSample:{w}:{f}",
                    index=2 * w + f,
                    image_ref=ome.ImageRef(id=f"Image:{2 * w + f}"),
                )
                for f in range(2)
            ],
        )
        for w in range(2)
    ]
    plate = ome.Plate(id="Plate:0", name="tiff plate", rows=2, columns=2, wells=wells)
    syn.write_ome_tiff_xml(tmp_path / "plate.ome.tif", images, plates=[plate])
    result = only(do_import(tmp_path / "plate.ome.tif"))
    made = Plate.objects.get(pk=result.plate_ids[0])
    assert (made.name, made.rows, made.columns) == ("tiff plate", 2, 2)
    found = WellSample.objects.filter(well__plate=made).order_by("well__column", "index")
    assert [(s.well.row, s.well.column, s.index, s.image.name) for s in found] == [
        (1, 0, 0, "plate.ome.tif [img0]"),
        (1, 0, 1, "plate.ome.tif [img1]"),
        (1, 1, 0, "plate.ome.tif [img2]"),
        (1, 1, 1, "plate.ome.tif [img3]"),
    ]


def test_it_puts_the_plate_in_the_screen_of_r(
    samples: dict[str, Sample], do_import: Any, owner_ctx: Any
) -> None:
    from pyomero.imports import Target

    screen = do_create_screen(owner_ctx, "screen")
    result = only(do_import(samples["zarr-plate-0.4"].path, target=Target(screen_id=screen.pk)))
    assert list(screen.plates.values_list("pk", flat=True)) == list(result.plate_ids)
