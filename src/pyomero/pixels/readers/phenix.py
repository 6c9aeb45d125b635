"""PerkinElmer/Revvity Opera Phenix and Operetta measurements (Harmony's ``Index.idx.xml``
or ``Index.xml`` beside one TIFF per plane) as a Plate, as Bio-Formats maps them.

One series per field of each well (wells in row-major order, fields by ``FieldID``), its Z
the planes, C the channels (named by ``ChannelName``), T the time points; pixel sizes from
``ImageResolutionX/Y`` and the Z step from the planes' ``PositionZ``. The plate has the
index's rows, columns and name, and one acquisition (run). A plane whose TIFF is missing
fails the import with a line naming the file: no plane is left out silently.
"""

from __future__ import annotations

import threading
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import tifffile
from numpy.typing import NDArray

from pyomero.pixels.contract import DEFAULT_LIMITS, Limits, Reader, Series
from pyomero.pixels.errors import CorruptFile, PixelsError, UnsupportedFormat
from pyomero.pixels.metadata import (
    Channel,
    Length,
    Objective,
    PixelType,
    Plate,
    PlateAcquisition,
    SeriesMetadata,
    Well,
    WellPlacement,
    WellSample,
)
from pyomero.pixels.original import Pairs, pairs

INDEX_NAMES = ("Index.idx.xml", "Index.xml", "Index.ref.xml")


@dataclass(frozen=True)
class _Plane:
    row: int
    column: int
    field: int
    z: int
    c: int
    t: int
    url: str
    element: ET.Element


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next((e for e in element if _local(e.tag) == name), None)


def _text(element: ET.Element, name: str) -> str | None:
    found = _child(element, name)
    return found.text.strip() if found is not None and found.text else None


def _metres(element: ET.Element, name: str) -> float | None:
    found = _child(element, name)
    if found is None or not found.text:
        return None
    scale = {"m": 1e6, "mm": 1e3, "um": 1.0, "µm": 1.0, "nm": 1e-3}.get(found.get("Unit", "m"))
    return float(found.text) * scale if scale is not None else None


class _FieldSeries(Series):
    def __init__(
        self,
        reader: PhenixReader,
        metadata: SeriesMetadata,
        planes: dict[tuple[int, int, int], Path],
    ) -> None:
        super().__init__(reader.path, metadata)
        self._planes = planes
        self._lock = reader.lock

    def _read(
        self, level: int, t: int, c: int, z: int, y: int, x: int, h: int, w: int
    ) -> NDArray[Any]:
        path = self._planes[(t, c, z)]
        try:
            with self._lock, tifffile.TiffFile(path) as tif:
                page = tif.pages.first
                plane = page.asarray()[y : y + h, x : x + w]
        except Exception as exc:
            raise CorruptFile(path, f"cannot read the plane: {exc}") from exc
        return np.ascontiguousarray(plane, dtype=self.metadata.dtype)


class PhenixReader(Reader):
    """Harmony exports of the Opera Phenix and Operetta: the index file names the fileset."""

    format_name = "opera-phenix"
    priority = 70

    @classmethod
    def claims(cls, path: Path) -> bool:
        if not (path.is_file() and path.name in INDEX_NAMES):
            return False
        with path.open("rb") as handle:
            head = handle.read(2048)
        return b"EvaluationInputData" in head or b"<Harmony" in head

    def __init__(self, path: str | Path, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(path, limits)
        self.lock = threading.Lock()
        try:
            root = ET.parse(self.path).getroot()
        except (ET.ParseError, OSError) as exc:
            message = f"the index is not readable XML: {exc}"
            raise CorruptFile(self.path, message) from exc
        try:
            self._build(root)
        except PixelsError:
            raise
        except (KeyError, ValueError, TypeError) as exc:
            raise CorruptFile(self.path, f"the index is incomplete: {exc}") from exc

    def _build(self, root: ET.Element) -> None:
        images = next((e for e in root if _local(e.tag) == "Images"), None)
        plates = next((e for e in root if _local(e.tag) == "Plates"), None)
        if images is None or plates is None or _child(plates, "Plate") is None:
            raise UnsupportedFormat(self.path, "the index has no plate or images")
        plate = _child(plates, "Plate")
        assert plate is not None
        planes = [self._plane(image) for image in images if _local(image.tag) == "Image"]
        if not planes:
            raise UnsupportedFormat(self.path, "the index lists no image")
        zs = sorted({p.z for p in planes})
        cs = sorted({p.c for p in planes})
        ts = sorted({p.t for p in planes})
        fields = sorted({(p.row, p.column, p.field) for p in planes})
        names = {p.c: _text(p.element, "ChannelName") for p in planes}
        first = planes[0].element
        size = tuple(int(_text(first, f"ImageSize{a}") or 0) for a in "XY")
        dtype = self._dtype(planes[0])
        size_x = _metres(first, "ImageResolutionX")
        size_y = _metres(first, "ImageResolutionY")
        heights = sorted({_metres(p.element, "PositionZ") or 0.0 for p in planes})
        step_z = (heights[-1] - heights[0]) / (len(zs) - 1) if len(zs) > 1 else None
        self._files = [self.path]
        self._series: list[Series] = []
        wells: dict[tuple[int, int], list[WellSample]] = {}
        for number, (row, column, field) in enumerate(fields):
            found: dict[tuple[int, int, int], Path] = {}
            for p in planes:
                if (p.row, p.column, p.field) == (row, column, field):
                    found[(ts.index(p.t), cs.index(p.c), zs.index(p.z))] = self.path.parent / p.url
            expected = len(zs) * len(cs) * len(ts)
            missing = [f for f in found.values() if not f.is_file()]
            if missing or len(found) != expected:
                what = missing[0].name if missing else f"{expected - len(found)} planes"
                raise CorruptFile(
                    self.path,
                    f"well r{row + 1:02d}c{column + 1:02d} field {field} misses {what}",
                )
            self._files += sorted(set(found.values()))
            samples = wells.setdefault((row, column), [])
            samples.append(WellSample(index=len(samples), series=number, acquisition=0))
            metadata = SeriesMetadata(
                name=f"Well {chr(ord('A') + row)}{column + 1:02d}, Field {field}",
                size_x=size[0],
                size_y=size[1],
                size_z=len(zs),
                size_c=len(cs),
                size_t=len(ts),
                pixel_type=PixelType.from_dtype(dtype),
                physical_size_x=Length(size_x) if size_x else None,
                physical_size_y=Length(size_y) if size_y else None,
                physical_size_z=Length(step_z) if step_z else None,
                channels=tuple(Channel(name=names[c]) for c in cs),
                objective=_objective(first),
                original=_field_pairs(planes, (row, column, field), cs),
                placement=WellPlacement(
                    plate=0, row=row, column=column, field=len(samples) - 1, acquisition=0
                ),
            )
            self._series.append(_FieldSeries(self, metadata, found))
        self._original = pairs(
            [(_local(e.tag), e.text.strip()) for e in root if len(e) == 0 and e.text]
            + [(f"Plate|{_local(e.tag)}", e.text.strip()) for e in plate if e.text]
        )
        start = _text(plate, "MeasurementStartTime")
        self._plates = (
            Plate(
                name=_text(plate, "Name") or _text(plate, "PlateID"),
                rows=int(_text(plate, "PlateRows") or 0),
                columns=int(_text(plate, "PlateColumns") or 0),
                wells=tuple(Well(r, c, tuple(s)) for (r, c), s in sorted(wells.items())),
                acquisitions=(
                    PlateAcquisition(
                        index=0,
                        name=_text(plate, "MeasurementID"),
                        start_time=datetime.fromisoformat(start) if start else None,
                    ),
                ),
            ),
        )

    def _plane(self, image: ET.Element) -> _Plane:
        def number(name: str) -> int:
            value = _text(image, name)
            if value is None:
                raise KeyError(name)
            return int(value)

        url = _text(image, "URL")
        if not url:
            raise KeyError("URL")
        return _Plane(
            row=number("Row") - 1,
            column=number("Col") - 1,
            field=number("FieldID"),
            z=number("PlaneID"),
            c=number("ChannelID"),
            t=number("TimepointID"),
            url=url,
            element=image,
        )

    def _dtype(self, plane: _Plane) -> np.dtype[Any]:
        path = self.path.parent / plane.url
        try:
            with tifffile.TiffFile(path) as tif:
                return np.dtype(tif.pages.first.dtype)
        except Exception as exc:
            raise CorruptFile(path, f"cannot read the plane: {exc}") from exc

    @property
    def files(self) -> tuple[Path, ...]:
        return tuple(self._files)

    @property
    def series(self) -> Sequence[Series]:
        return self._series

    @property
    def global_metadata(self) -> Pairs:
        """The index's user and instrument, and its plate's fields as ``Plate|PlateID``."""
        return self._original

    @property
    def plates(self) -> tuple[Plate, ...]:
        return self._plates


#: Fields of an index's Image that locate the plane rather than describe it.
_WHERE = {"id", "State", "URL", "Row", "Col", "FieldID", "PlaneID", "TimepointID", "ChannelID"}


def _field_pairs(planes: Sequence[_Plane], at: tuple[int, int, int], channels: list[int]) -> Pairs:
    """Each channel's acquisition fields of a field (its first plane's, Z and T being the
    same but for positions and times) as ``Channel 1|ExposureTime``, units appended."""
    found: list[tuple[str, str]] = []
    for number, channel in enumerate(channels, 1):
        plane = next(p for p in planes if (p.row, p.column, p.field) == at and p.c == channel)
        for element in plane.element:
            name = _local(element.tag)
            if name in _WHERE or not element.text:
                continue
            unit = element.get("Unit")
            value = element.text.strip()
            found.append((f"Channel {number}|{name}", f"{value} {unit}" if unit else value))
    return pairs(found)


def _objective(image: ET.Element) -> Objective | None:
    def number(name: str) -> float | None:
        value = _text(image, name)
        try:
            return float(value) if value else None
        except ValueError:
            return None

    found = Objective(
        nominal_magnification=number("ObjectiveMagnification"), lens_na=number("ObjectiveNA")
    )
    return found or None
