"""Real vendor files import through the native readers with their structure: a CZI's
scenes in a plate's wells, a Leica tile scan as one image per tile, names and scale."""

from __future__ import annotations

from typing import Any

from tests.bioformats_oracle import corpus_file

from pyomero.model.models import Channel, Image, Pixels, Plate, WellSample

from .conftest import only


def test_it_imports_a_multiwell_czi_as_a_plate(do_import: Any) -> None:
    result = only(do_import(corpus_file("samples/czi/czitools_WellD6-7_S2.czi")))
    (plate_id,) = result.plate_ids
    plate = Plate.objects.get(pk=plate_id)
    assert (plate.rows, plate.columns) == (8, 12)
    wells = WellSample.objects.filter(well__plate=plate)
    assert sorted(wells.values_list("well__row", "well__column")) == [(3, 5), (3, 6)]
    assert set(wells.values_list("image_id", flat=True)) == set(result.image_ids)
    pixels = Pixels.objects.get(image_id=result.image_ids[0])
    assert (pixels.size_x, pixels.size_y) == (544, 440)
    assert round(pixels.physical_size_x, 6) == 0.1
    assert list(Channel.objects.filter(pixels=pixels).values_list("name", flat=True)) == ["AF488"]


def test_it_imports_every_tile_of_a_leica_tile_scan(do_import: Any) -> None:
    result = only(do_import(corpus_file("samples/lif/PR2729_frameOrderCombinedScanTypes.lif")))
    assert len(result.image_ids) == 4
    for image in Image.objects.filter(pk__in=result.image_ids).select_related("pixels"):
        sizes = (image.pixels.size_z, image.pixels.size_c, image.pixels.size_t)
        assert sizes == (3, 2, 2)


def test_it_imports_an_opera_phenix_folder_as_one_plate(do_import: Any) -> None:
    folder = corpus_file("samples/phenix/Version5/images/Index.idx.xml").parent
    result = only(do_import(folder))
    (plate_id,) = result.plate_ids
    assert Plate.objects.get(pk=plate_id).name == "BR00122249"
    (image_id,) = result.image_ids
    pixels = Pixels.objects.get(image_id=image_id)
    assert (pixels.size_c, round(pixels.physical_size_x, 4)) == (6, 0.598)
