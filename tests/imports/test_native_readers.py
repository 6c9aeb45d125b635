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


def test_it_imports_a_slide_with_its_pixel_size_and_label_and_macro(do_import: Any) -> None:
    result = only(do_import(corpus_file("samples/svs/pathml_small_HE.svs")))
    images = Image.objects.filter(pk__in=result.image_ids).select_related("pixels")
    sizes = sorted((i.pixels.size_x, i.pixels.size_y) for i in images)
    assert sizes == [(387, 463), (1280, 431), (2220, 2967)]
    slide = next(i for i in images if i.pixels.size_x == 2220)
    assert round(slide.pixels.physical_size_x, 3) == 0.499


def test_it_imports_a_multi_level_imaris_file_as_bioformats_series(do_import: Any) -> None:
    path = corpus_file("samples/ims/imaris-ims-file-reader_brain_crop3.ims")
    result = only(do_import(path))
    depths = sorted(Pixels.objects.filter(image_id__in=result.image_ids).values_list("size_z"))
    assert depths == [(12,), (25,), (51,)]
