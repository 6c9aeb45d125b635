"""Format-specific metadata: names, channels, physical sizes, plates, labels."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from ome_types import model as ome

from pyomero.pixels import (
    CorruptFile,
    Length,
    MissingExtra,
    PixelType,
    default_registry,
    open_image,
)
from pyomero.pixels import synthetic as syn
from pyomero.pixels.readers import CziReader, LifReader, Nd2Reader


def test_it_reads_ome_tiff_names_and_physical_sizes(samples: Any) -> None:
    with open_image(samples["ome-tiff"].path) as reader:
        meta = reader.series[0].metadata
    assert meta.name == "synthetic"
    assert [ch.name for ch in meta.channels] == ["ch0", "ch1"]
    assert meta.physical_size_x == Length(0.5, "µm")
    assert meta.physical_size_z == Length(2.0, "µm")


def test_it_lists_every_file_of_a_companion_fileset(samples: Any) -> None:
    path = samples["ome-tiff-companion"].path
    with open_image(path) as reader:
        names = sorted(f.name for f in reader.files)
    assert names == ["multi.companion.ome", "multi_0.ome.tif", "multi_1.ome.tif"]


def test_it_opens_a_multi_file_set_from_one_of_its_tiffs(samples: Any) -> None:
    path = samples["ome-tiff-companion"].path.parent / "multi_1.ome.tif"
    with open_image(path) as reader:
        series = reader.series[0]
        assert series.metadata.size_t == 4
        np.testing.assert_array_equal(
            series.read_plane(0, 3, 0, 0), syn.plane(PixelType.UINT16, 3, 0, 0, 30, 40)
        )


def test_it_reads_an_ome_tiff_plate(tmp_path: Path) -> None:
    images = [syn.synthetic_metadata(16, 16, name=f"img{i}") for i in range(4)]
    wells = [
        ome.Well(
            id=f"Well:{w}",
            row=0,
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
    plate = ome.Plate(
        id="Plate:0",
        name="P1",
        rows=2,
        columns=3,
        wells=wells,
        plate_acquisitions=[ome.PlateAcquisition(id="PlateAcquisition:0", name="run")],
    )
    syn.write_ome_tiff_xml(tmp_path / "plate.ome.tif", images, plates=[plate])
    with open_image(tmp_path / "plate.ome.tif") as reader:
        assert len(reader.series) == 4
        (found,) = reader.plates
        assert (found.name, found.rows, found.columns) == ("P1", 2, 3)
        assert [(w.row, w.column, [s.series for s in w.samples]) for w in found.wells] == [
            (0, 0, [0, 1]),
            (0, 1, [2, 3]),
        ]
        placement = reader.series[3].metadata.placement
        assert placement is not None and (placement.column, placement.field) == (1, 1)
        assert reader.series[2].metadata.name == "img2"


def test_it_reads_imagej_calibration(samples: Any) -> None:
    with open_image(samples["imagej"].path) as reader:
        meta = reader.series[0].metadata
    assert meta.physical_size_x == Length(0.25, "µm")
    assert meta.physical_size_z == Length(1.5, "µm")
    assert meta.time_increment == 2.0


def test_it_reads_lsm_voxel_sizes(samples: Any) -> None:
    with open_image(samples["lsm"].path) as reader:
        meta = reader.series[0].metadata
    assert meta.physical_size_x is not None
    assert meta.physical_size_x.value == pytest.approx(0.2)
    assert meta.physical_size_z is not None and meta.physical_size_z.value == pytest.approx(1)


def test_it_reads_stk_planes_as_z(samples: Any) -> None:
    with open_image(samples["stk"].path) as reader:
        assert reader.series[0].metadata.size_z == 4


@pytest.mark.parametrize("name", ["png-rgb", "jpeg"])
def test_it_splits_rgb_into_red_green_blue(samples: Any, name: str) -> None:
    with open_image(samples[name].path) as reader:
        channels = reader.series[0].metadata.channels
    assert [(c.name, c.color) for c in channels] == [
        ("red", "FF0000"),
        ("green", "00FF00"),
        ("blue", "0000FF"),
    ]


def test_it_colours_an_rgb_tiff_but_names_no_channel_as_bioformats(samples: Any) -> None:
    with open_image(samples["tiff-rgb"].path) as reader:
        channels = reader.series[0].metadata.channels
    assert [(c.name, c.color) for c in channels] == [
        (None, "FF0000"),
        (None, "00FF00"),
        (None, "0000FF"),
    ]


@pytest.mark.parametrize("version", ["0.4", "0.5"])
def test_it_reads_ome_zarr_labels(samples: Any, version: str) -> None:
    with open_image(samples[f"zarr-{version}"].path) as reader:
        series = reader.series[0]
        (label,) = series.labels
        assert label.name == "cells" and label.colors == ((1, "FF0000FF"),)
        mask = series.read_label("cells", 0, 0, 1, 0, 0, 130, 150)
        want = syn.plane(PixelType.UINT16, 0, 0, 1, 130, 150) % 7 == 0
        np.testing.assert_array_equal(mask, want.astype(np.uint8))
        assert series.metadata.physical_size_x == Length(0.5, "µm")


@pytest.mark.parametrize("version", ["0.4", "0.5"])
def test_it_reads_an_ome_zarr_plate(samples: Any, version: str) -> None:
    with open_image(samples[f"zarr-plate-{version}"].path) as reader:
        (plate,) = reader.plates
        assert (plate.rows, plate.columns, len(plate.wells)) == (2, 3, 6)
        assert [len(w.samples) for w in plate.wells] == [2] * 6
        assert plate.acquisitions[0].name == "run 1"
        last = reader.series[-1].metadata
        assert last.name == "B3 field 2"
        assert last.placement is not None and (last.placement.row, last.placement.column) == (1, 2)


@pytest.mark.parametrize(
    ("reader", "suffix", "module", "extra"),
    [
        (Nd2Reader, ".nd2", "nd2", "nd2"),
        (CziReader, ".czi", "pylibCZIrw", "czi"),
        (LifReader, ".lif", "liffile", "lif"),
    ],
)
def test_it_names_the_extra_to_install(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    reader: Any,
    suffix: str,
    module: str,
    extra: str,
) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    path = tmp_path / f"scan{suffix}"
    path.write_bytes(b"\0" * 64)
    with pytest.raises(MissingExtra, match=rf"pip install 'pyomero\[{extra}\]'") as info:
        default_registry().open(path, reader=reader.format_name)
    assert info.value.extra == extra and reader.extra == extra
    assert f"scan{suffix}" in str(info.value)


@pytest.mark.parametrize("suffix", [".nd2", ".czi", ".lif"])
def test_it_reports_a_broken_file_when_the_extra_is_there(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"scan{suffix}"
    path.write_bytes(b"\0" * 64)
    # scripts/test installs every extra, so the reader behind it is really exercised.
    native = {".nd2": "nikon-nd2", ".czi": "zeiss-czi", ".lif": "leica-lif"}[suffix]
    with pytest.raises(CorruptFile), default_registry().open(path, reader=native):
        pass
