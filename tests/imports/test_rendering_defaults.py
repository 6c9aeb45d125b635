"""A new image gets OMERO's default rendering settings, in its RenderingDef and its
pyramid's ``omero`` block alike."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import tifffile
from ome_types import model as ome

from pyomero.imports import Skip
from pyomero.model.models import Image, RenderingDef
from pyomero.pixels import synthetic as syn

from .conftest import only


def write_stack(path: Path) -> None:
    """4 channels: emission 450 nm; a file colour; nothing; emission 560 nm."""
    meta = syn.synthetic_metadata(80, 60, size_z=5, size_c=4)
    image = syn._ome_image(0, meta, 0, None)
    channels = image.pixels.channels
    channels[0].emission_wavelength = 450
    channels[1].color = ome.Color("#FF00FF")
    channels[1].emission_wavelength = 450
    channels[3].emission_wavelength = 560
    xml = ome.OME(images=[image]).to_xml()
    planes = syn.stack(meta).reshape(-1, 60, 80)
    with tifffile.TiffWriter(path) as tw:
        for n, plane in enumerate(planes):
            tw.write(plane, description=xml if n == 0 else None, metadata=None)


def _import_stack(tmp_path: Path, do_import: Any, **options: Any) -> Image:
    write_stack(tmp_path / "stack.ome.tif")
    result = only(do_import(tmp_path / "stack.ome.tif", **options))
    return Image.objects.select_related("pixels").get(pk=result.image_ids[0])


def test_it_saves_the_owners_default_rendering_def(tmp_path: Path, do_import: Any) -> None:
    image = _import_stack(tmp_path, do_import)
    rdef = RenderingDef.objects.get(pixels=image.pixels)
    assert rdef.owner_id == image.owner_id
    assert (rdef.default_z, rdef.default_t, rdef.model) == (2, 0, "rgb")
    bindings = list(rdef.channel_bindings.order_by("index"))
    assert [b.active for b in bindings] == [True, True, True, False]
    channels = list(image.pixels.channels.order_by("index"))
    assert [(b.input_start, b.input_end) for b in bindings] == [
        (c.stats_min, c.stats_max) for c in channels
    ]
    # the file's colour, else by emission (< 500 nm blue, >= 560 red), else by index
    assert [(b.red, b.green, b.blue) for b in bindings] == [
        (0, 0, 255),
        (255, 0, 255),
        (0, 0, 255),
        (255, 0, 0),
    ]


def test_it_writes_the_same_settings_into_the_omero_block(
    tmp_path: Path, do_import: Any, data_dir: Path
) -> None:
    image = _import_stack(tmp_path, do_import)
    attrs = json.loads((data_dir / image.pixels.path / ".zattrs").read_text())
    omero = attrs["omero"]
    assert omero["rdefs"] == {"defaultZ": 2, "defaultT": 0, "model": "color"}
    assert [ch["color"] for ch in omero["channels"]] == ["0000FF", "FF00FF", "0000FF", "FF0000"]
    assert [ch["active"] for ch in omero["channels"]] == [True, True, True, False]
    first = image.pixels.channels.get(index=0)
    assert omero["channels"][0]["window"]["start"] == first.stats_min


def test_it_falls_back_to_the_type_range_without_minmax(tmp_path: Path, do_import: Any) -> None:
    image = _import_stack(tmp_path, do_import, skip={Skip.MINMAX})
    rdef = RenderingDef.objects.get(pixels=image.pixels)
    assert {(b.input_start, b.input_end) for b in rdef.channel_bindings.all()} == {(0.0, 65535.0)}


def test_it_uses_greyscale_for_one_channel(samples: Any, do_import: Any) -> None:
    result = only(do_import(samples["png"].path))
    rdef = RenderingDef.objects.get(pixels__image_id=result.image_ids[0])
    assert rdef.model == "greyscale"
