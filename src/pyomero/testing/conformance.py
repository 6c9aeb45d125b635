"""The conformance check: a file read by pyomero equals the same file read by Bio-Formats.

Both sides are reduced to a :class:`Reading`: per image (one per Bio-Formats series,
resolutions not flattened, as OMERO imports), the sizes X/Y/Z/C/T, the pixel type, the
channel names, the physical sizes X/Y/Z in µm and the time increment in s, and one SHA-1
per plane (every plane of level 0, little-endian bytes); and the plates with their wells
and the series of each field. :func:`differences` lists what differs in words.

The Bio-Formats side drives the jar directly (``ImageReader`` behind a
``ChannelSeparator``), not through pyomero's Bio-Formats reader, so that reader is
checked too. Where Bio-Formats knows no value (a channel without a name, no physical
size), pyomero may know one; where it knows one, pyomero must give the same.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pyomero.pixels import ReaderRegistry, Series, default_registry
from pyomero.pixels.readers import _jvm


@dataclass(frozen=True)
class ImageReading:
    sizes: tuple[int, int, int, int, int]  # X, Y, Z, C, T
    pixel_type: str
    channel_names: tuple[str | None, ...]
    physical_sizes: tuple[float | None, float | None, float | None]  # µm
    time_increment: float | None  # s
    planes: tuple[str, ...]  # SHA-1 of each plane, t slowest, then c, then z


@dataclass(frozen=True)
class Reading:
    reader: str
    images: tuple[ImageReading, ...]
    #: Per plate: (row, column, series of each field) per well, sorted.
    plates: tuple[tuple[tuple[int, int, tuple[int, ...]], ...], ...] = ()
    files: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Verdict:
    """One line of the conformance table."""

    file: str
    reader: str
    images: int
    problems: tuple[str, ...]
    default: bool = True

    @property
    def ok(self) -> bool:
        return not self.problems

    def row(self) -> str:
        verdict = "ok" if self.ok else "DIFFERS: " + "; ".join(self.problems)
        mark = "" if self.default else " (not default)"
        return f"{self.file:<58} {self.reader + mark:<28} {self.images:>6}  {verdict}"


#: Verdicts of this session, printed as a table at its end (``tests/pixels/conftest.py``).
RESULTS: list[Verdict] = []


def plane_hash(plane: NDArray[Any]) -> str:
    data = np.ascontiguousarray(plane)
    if data.dtype == bool:
        data = data.astype(np.uint8)
    elif data.dtype.itemsize > 1:
        data = data.astype(data.dtype.newbyteorder("<"), copy=False)
    return hashlib.sha1(data.tobytes()).hexdigest()


# pyomero's side


def pyomero_reading(
    path: Path, registry: ReaderRegistry | None = None, reader: str | None = None
) -> Reading:
    """``path`` as pyomero reads it, through the registry's default reader (or ``reader``)."""
    registry = registry or default_registry()
    with registry.open(path, reader=reader) as opened:
        plates = tuple(
            tuple(
                sorted(
                    (w.row, w.column, tuple(s.series for s in w.samples))
                    for w in plate.wells
                    if w.samples
                )
            )
            for plate in opened.plates
        )
        return Reading(
            opened.format_name,
            tuple(_pyomero_image(s) for s in opened.series),
            plates,
            tuple(str(f) for f in opened.files),
        )


def _pyomero_image(series: Series) -> ImageReading:
    m = series.metadata
    planes = tuple(
        plane_hash(series.read_plane(0, t, c, z))
        for t in range(m.size_t)
        for c in range(m.size_c)
        for z in range(m.size_z)
    )

    def um(length: Any) -> float | None:
        try:
            return None if length is None else float(length.micrometres)
        except ValueError:
            return None

    return ImageReading(
        (m.size_x, m.size_y, m.size_z, m.size_c, m.size_t),
        m.pixel_type.value,
        tuple(ch.name or None for ch in m.channels),
        (um(m.physical_size_x), um(m.physical_size_y), um(m.physical_size_z)),
        m.time_increment,
        planes,
    )


# Bio-Formats' side


def bioformats_reading(path: Path) -> Reading:
    """``path`` as Bio-Formats reads it (the jar, directly)."""
    jpype = _jvm.jvm(path)
    jclass = jpype.JClass
    store = jclass("loci.formats.services.OMEXMLServiceImpl")().createOMEXMLMetadata()
    reader = jclass("loci.formats.ChannelSeparator")(jclass("loci.formats.ImageReader")())
    reader.setMetadataStore(store)
    reader.setFlattenedResolutions(False)
    with _jvm.java_work():
        reader.setId(str(path))
    try:
        images = tuple(_bf_image(jclass, reader, store, s) for s in range(reader.getSeriesCount()))
        plates = _bf_plates(store)
        files = tuple(str(f) for f in reader.getUsedFiles())
        return Reading(str(reader.getFormat()), images, plates, files)
    finally:
        reader.close()


def _bf_image(jclass: Any, reader: Any, store: Any, series: int) -> ImageReading:
    reader.setSeries(series)
    units = jclass("ome.units.UNITS")
    tools = jclass("loci.formats.FormatTools")
    x, y = int(reader.getSizeX()), int(reader.getSizeY())
    z, c, t = int(reader.getSizeZ()), int(reader.getSizeC()), int(reader.getSizeT())
    pixel_type = str(tools.getPixelTypeString(reader.getPixelType()))
    dtype = {"float": "f4", "double": "f8", "bit": "u1"}.get(pixel_type, pixel_type)
    order = "<" if reader.isLittleEndian() else ">"
    planes = []
    for tt in range(t):
        for cc in range(c):
            for zz in range(z):
                with _jvm.java_work():
                    plane = reader.openBytes(reader.getIndex(zz, cc, tt))
                raw = np.asarray(plane).view(np.uint8)
                data = raw.view(np.dtype(dtype).newbyteorder(order)).reshape(y, x)
                planes.append(plane_hash(data.astype(data.dtype.newbyteorder("="))))

    def value(quantity: Any, unit: Any) -> float | None:
        if quantity is None:
            return None
        number = quantity.value(unit)
        return None if number is None else float(number.doubleValue())

    known = series < int(store.getImageCount())
    names: tuple[str | None, ...] = tuple(None for _ in range(c))
    if known and int(store.getChannelCount(series)) == c:
        names = tuple(
            (str(store.getChannelName(series, i)) or None)
            if store.getChannelName(series, i) is not None
            else None
            for i in range(c)
        )
    sizes = (
        tuple(
            value(getter(series), units.MICROMETER)
            for getter in (
                store.getPixelsPhysicalSizeX,
                store.getPixelsPhysicalSizeY,
                store.getPixelsPhysicalSizeZ,
            )
        )
        if known
        else (None, None, None)
    )
    increment = value(store.getPixelsTimeIncrement(series), units.SECOND) if known else None
    return ImageReading((x, y, z, c, t), pixel_type, names, sizes, increment, tuple(planes))  # type: ignore[arg-type]


def _bf_plates(store: Any) -> tuple[tuple[tuple[int, int, tuple[int, ...]], ...], ...]:
    series_of = {str(store.getImageID(i)): i for i in range(int(store.getImageCount()))}
    plates = []
    for p in range(int(store.getPlateCount())):
        wells = []
        for w in range(int(store.getWellCount(p))):
            fields = tuple(
                series_of[str(store.getWellSampleImageRef(p, w, s))]
                for s in range(int(store.getWellSampleCount(p, w)))
                if str(store.getWellSampleImageRef(p, w, s)) in series_of
            )
            if fields:
                row = int(store.getWellRow(p, w).getValue())
                column = int(store.getWellColumn(p, w).getValue())
                wells.append((row, column, fields))
        plates.append(tuple(sorted(wells)))
    return tuple(plates)


# The comparison


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-9)


def differences(expected: Reading, found: Reading) -> list[str]:
    """What ``found`` (pyomero) gets wrong against ``expected`` (Bio-Formats), in words."""
    problems: list[str] = []
    if len(found.images) != len(expected.images):
        problems.append(f"{len(found.images)} images, Bio-Formats has {len(expected.images)}")
    for index, (want, got) in enumerate(zip(expected.images, found.images, strict=False)):
        where = f"image {index}: " if len(expected.images) > 1 else ""
        problems.extend(where + p for p in _image_differences(want, got))
    if found.plates != expected.plates:
        problems.append(f"plates {found.plates}, Bio-Formats has {expected.plates}")
    return problems


def _image_differences(want: ImageReading, got: ImageReading) -> list[str]:
    if got.sizes != want.sizes:
        return [f"XYZCT {got.sizes}, Bio-Formats has {want.sizes}"]
    problems = []
    if got.pixel_type != want.pixel_type:
        problems.append(f"pixel type {got.pixel_type}, Bio-Formats has {want.pixel_type}")
    pairs = zip(want.channel_names, got.channel_names, strict=True)
    if any(w is not None and w != g for w, g in pairs):
        problems.append(
            f"channel names {list(got.channel_names)}, Bio-Formats has {list(want.channel_names)}"
        )
    for axis, w, g in zip("XYZ", want.physical_sizes, got.physical_sizes, strict=True):
        if w is not None and (g is None or not _close(w, g)):
            problems.append(f"physical size {axis} {g} µm, Bio-Formats has {w} µm")
    if want.time_increment is not None and (
        got.time_increment is None or not _close(want.time_increment, got.time_increment)
    ):
        problems.append(
            f"time increment {got.time_increment} s, Bio-Formats has {want.time_increment} s"
        )
    wrong = [i for i, (w, g) in enumerate(zip(want.planes, got.planes, strict=True)) if w != g]
    if wrong:
        z, c = want.sizes[2], want.sizes[3]
        named_planes = [f"z={i % z} c={(i // z) % c} t={i // (z * c)}" for i in wrong[:3]]
        more = f" and {len(wrong) - 3} more" if len(wrong) > 3 else ""
        problems.append(
            f"pixels differ on {len(wrong)} of {len(want.planes)} planes "
            f"({', '.join(named_planes)}{more})"
        )
    return problems
