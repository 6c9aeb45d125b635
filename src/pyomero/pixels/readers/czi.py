"""Zeiss CZI through ``pylibCZIrw`` (Zeiss's own libCZI): the one module that uses it.

Mapped as Bio-Formats maps a CZI: one series per scene (each the bounding box of its tiles,
mosaics composed), channel names, X/Y/Z scaling and the time increment from the XML
metadata, Airyscan phases (H) as time points, a Plate where the acquisition used a
multiwell template. Any other dimension of more than one index (rotations R,
illuminations I, views V, blocks B, or phases alongside time points) is refused with a
line naming it: no plane is ever dropped.

libCZI composes a plane from the subblocks its directory lists and paints background
(zeros) wherever none is: a subblock missing from the directory would be a plane, or a
tile of one, silently black. :func:`_check_subblocks` refuses such a file when it is
opened, naming the plane.
"""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from itertools import product
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pyomero.pixels.contract import DEFAULT_LIMITS, Limits, Reader, Series
from pyomero.pixels.errors import CorruptFile, MissingExtra, UnsupportedFormat
from pyomero.pixels.metadata import (
    Channel,
    Length,
    Objective,
    PixelType,
    Plate,
    SeriesMetadata,
    Well,
    WellPlacement,
    WellSample,
)
from pyomero.pixels.original import xml_pairs
from pyomero.pixels.readers._guards import DAMAGED, closed_on_failure, plane_errors

#: libCZI pixel types: (numpy dtype, samples per pixel).
_PIXEL_TYPES = {
    "Gray8": ("uint8", 1),
    "Gray16": ("uint16", 1),
    "Gray32": ("int32", 1),
    "Gray32Float": ("float32", 1),
    "Bgr24": ("uint8", 3),
    "Bgr48": ("uint16", 3),
    "Bgr96Float": ("float32", 3),
}

#: Dimensions with no place in OMERO's 5D and no mapping here, by CZI letter.
_UNMAPPED = {"R": "rotations", "I": "illuminations", "V": "views", "B": "blocks"}

#: Multiwell templates by well count: (rows, columns).
_PLATES = {
    6: (2, 3),
    12: (3, 4),
    24: (4, 6),
    48: (6, 8),
    96: (8, 12),
    384: (16, 24),
    1536: (32, 48),
}

_MAGIC = b"ZISRAWFILE"


def _library(path: Path) -> Any:
    try:
        from pylibCZIrw import czi  # type: ignore[import-untyped]
    except ImportError:
        raise MissingExtra(path, "zeiss-czi", "czi") from None
    return czi


class _CziSeries(Series):
    def __init__(
        self,
        reader: ZeissCziReader,
        metadata: SeriesMetadata,
        scene: int | None,
        origin: tuple[int, int],
        phases: bool,
    ) -> None:
        super().__init__(reader.path, metadata)
        self._reader = reader
        self._scene = scene
        self._origin = origin
        self._phases = phases

    def _read(
        self, level: int, t: int, c: int, z: int, y: int, x: int, h: int, w: int
    ) -> NDArray[Any]:
        samples = self._reader.samples
        channel, sample = divmod(c, samples)
        plane = {"C": channel, "Z": z, ("H" if self._phases else "T"): t}
        roi = (self._origin[0] + x, self._origin[1] + y, w, h)
        with plane_errors(self.path, "cannot decode plane"):
            data = self._reader.read(plane, roi, self._scene)
        # libCZI gives BGR; OME's channels of an RGB image are R, G, B.
        return np.ascontiguousarray(data[..., samples - 1 - sample], dtype=self.metadata.dtype)


class ZeissCziReader(Reader):
    """Zeiss CZI (ZEN) through pylibCZIrw."""

    format_name = "zeiss-czi"
    priority = 60
    extra = "czi"

    @classmethod
    def claims(cls, path: Path) -> bool:
        return path.is_file() and path.suffix.lower() == ".czi"

    def __init__(self, path: str | Path, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(path, limits)
        czi = _library(self.path)
        with self.path.open("rb") as handle:
            if handle.read(len(_MAGIC)) != _MAGIC:
                raise CorruptFile(self.path, "not a CZI file (no ZISRAWFILE header)")
        self._lock = threading.Lock()
        self._document: Any = None
        with closed_on_failure(self, "CZI"):
            self._document = czi.CziReader(str(self.path))
            self._series, self._plates = self._map()

    # -- mapping ---------------------------------------------------------------------

    def _map(self) -> tuple[list[Series], tuple[Plate, ...]]:
        doc = self._document
        box = {k: v[1] - v[0] for k, v in doc.total_bounding_box_no_pyramid.items()}
        for letter, what in _UNMAPPED.items():
            if box.get(letter, 1) > 1:
                raise UnsupportedFormat(
                    self.path,
                    f"dimension {letter} ({what}, {box[letter]}) cannot be mapped; "
                    "import it with --reader bioformats",
                )
        phases = box.get("H", 1) > 1
        if phases and box.get("T", 1) > 1:
            raise UnsupportedFormat(
                self.path,
                f"Airyscan phases (H, {box['H']}) together with time points "
                f"(T, {box['T']}) cannot be mapped; import it with --reader bioformats",
            )
        types = {str(t) for t in doc.pixel_types.values()}
        if len(types) != 1 or next(iter(types)) not in _PIXEL_TYPES:
            raise UnsupportedFormat(self.path, f"pixel types {sorted(types)}")
        dtype, self.samples = _PIXEL_TYPES[next(iter(types))]
        xml = ET.fromstring(doc.raw_metadata)
        self._xml = xml
        lens = _objective(xml)
        scenes = doc.scenes_bounding_rectangle_no_pyramid
        rects = (
            [(index, scenes[index]) for index in sorted(scenes)]
            if scenes
            else [(None, doc.total_bounding_rectangle_no_pyramid)]
        )
        wells, plate = _wells(xml, len(rects))
        size_c = box.get("C", 1) * self.samples
        channels = _channels(xml, box.get("C", 1), self.samples)
        found: list[Series] = []
        for number, (scene, rect) in enumerate(rects):
            metadata = SeriesMetadata(
                name=f"{self.path.name} #{number + 1}",
                size_x=int(rect.w),
                size_y=int(rect.h),
                size_z=box.get("Z", 1),
                size_c=size_c,
                size_t=box.get("H", 1) if phases else box.get("T", 1),
                pixel_type=PixelType.from_dtype(dtype),
                physical_size_x=_distance(xml, "X"),
                physical_size_y=_distance(xml, "Y"),
                physical_size_z=_distance(xml, "Z"),
                time_increment=_increment(xml),
                channels=channels,
                placement=wells[number] if wells else None,
                objective=lens,
            )
            origin = (int(rect.x), int(rect.y))
            found.append(_CziSeries(self, metadata, scene, origin, phases))
        _check_subblocks(self.path, doc, _box_ranges(doc), [scene for scene, _ in rects], phases)
        return found, plate

    def read(self, plane: dict[str, int], roi: tuple[int, int, int, int], scene: int | None) -> Any:
        with self._lock:
            return self._document.read(plane=plane, roi=roi, scene=scene)

    # -- contract --------------------------------------------------------------------

    def close(self) -> None:
        if self._document is not None:
            self._document.close()
            self._document = None

    @property
    def files(self) -> tuple[Path, ...]:
        return (self.path,)

    @property
    def series(self) -> Sequence[Series]:
        return self._series

    @property
    def plates(self) -> tuple[Plate, ...]:
        return self._plates

    @property
    def global_metadata(self) -> tuple[tuple[str, str], ...]:
        """The ZEN XML metadata flattened as Bio-Formats does (``Information|Image|SizeX``)."""
        metadata = self._xml.find("Metadata")
        if metadata is None:
            return ()
        return tuple(pair for child in metadata for pair in xml_pairs(child))


def _box_ranges(doc: Any) -> dict[str, tuple[int, int]]:
    """The first index and the count of each plane dimension of the document."""
    box = doc.total_bounding_box_no_pyramid
    return {axis: (box[axis][0], box[axis][1] - box[axis][0]) for axis in "CZTH" if axis in box}


#: A plane of a scene as libCZI indexes it: (C, Z, T, H).
_Plane = tuple[int, int, int, int]
_Tile = tuple[int, int, int, int, int]  # (M index, x, y, w, h)


def _check_subblocks(
    path: Path,
    doc: Any,
    box: dict[str, tuple[int, int]],
    scenes: list[int | None],
    phases: bool,
) -> None:
    """Refuse a document whose directory lacks a subblock its dimensions imply.

    Every channel of a scene has each of its Z, T and H indices either over the whole
    range of the document or at the first index only (as an Airyscan file's processed
    channels have one phase where the raw ones have 32, which Bio-Formats reads as black
    too); and every plane of a scene has the same tiles. A plane short of its subblock or
    of a tile fails the import naming it (z, c, t and series)."""
    start = {axis: box.get(axis, (0, 1))[0] for axis in "CZTH"}
    planes: dict[int | None, dict[_Plane, set[_Tile]]] = {}

    def visit(_index: int, info: Any) -> bool:
        at = {**start, **info.coordinate.to_dict()}
        scene = at.get("S") if scenes != [None] else None
        r = info.logicalRect
        tiles = planes.setdefault(scene, {}).setdefault((at["C"], at["Z"], at["T"], at["H"]), set())
        tiles.add((int(info.mIndex), int(r.x), int(r.y), int(r.w), int(r.h)))
        return True

    doc.enumerate_subblocks_subset(visit, only_layer0=True)
    damaged: list[tuple[_Plane, int, str]] = []
    for number, scene in enumerate(scenes):
        found = planes.get(scene, {})
        damaged.extend((plane, number, what) for plane, what in _damaged(found, box, start))
    if damaged:
        (c, z, t, h), number, what = min(damaged, key=lambda d: (d[1], *_order(d[0])))
        time = h - start["H"] if phases else t - start["T"]
        plane = f"z={z - start['Z']}, c={c - start['C']}, t={time}, series {number}"
        more = f" (and {len(damaged) - 1} more planes)" if len(damaged) > 1 else ""
        raise CorruptFile(path, f"plane {plane} {what}{more}: {DAMAGED}")


def _order(plane: _Plane) -> tuple[int, int, int, int]:
    c, z, t, h = plane
    return (t, h, c, z)


def _damaged(
    found: dict[_Plane, set[_Tile]], box: dict[str, tuple[int, int]], start: dict[str, int]
) -> Iterator[tuple[_Plane, str]]:
    every = set().union(*found.values()) if found else set()
    for plane, tiles in found.items():
        if tiles != every:
            lacking = len(every - tiles)
            yield plane, f"lacks {lacking} of the {len(every)} tiles of its scene"
    first, count = box.get("C", (0, 1))
    for channel in range(first, first + count):
        present = [p for p in found if p[0] == channel]
        ranges = []
        for axis, i in (("Z", 1), ("T", 2), ("H", 3)):
            values = {p[i] for p in present}
            low, size = box.get(axis, (start[axis], 1))
            ranges.append([low] if values == {low} else range(low, low + size))
        for z, t, h in product(*ranges):
            if (channel, z, t, h) not in found:
                yield (channel, z, t, h), "has no subblock in the file's directory"


def _find(xml: ET.Element, path: str) -> ET.Element | None:
    return xml.find(f"Metadata/{path}")


def _distance(xml: ET.Element, axis: str) -> Length | None:
    for item in xml.iterfind("Metadata/Scaling/Items/Distance"):
        if item.get("Id") == axis:
            value = item.findtext("Value")
            if value and float(value) > 0:
                return Length(float(value) * 1e6)
    return None


def _increment(xml: ET.Element) -> float | None:
    value = xml.findtext("Metadata/Information/Image/Dimensions/T/Positions/Interval/Increment")
    return float(value) if value else None


def _channels(xml: ET.Element, count: int, samples: int) -> tuple[Channel, ...]:
    """Channel names: the acquisition's, else the display settings' at the same place."""
    found = xml.findall("Metadata/Information/Image/Dimensions/Channels/Channel")
    shown = xml.findall("Metadata/DisplaySetting/Channels/Channel")
    if len(found) != count or samples != 1:
        return ()
    names = [element.get("Name") for element in found]
    for index, name in enumerate(names):
        if name is None and index < len(shown):
            names[index] = shown[index].get("Name")
    return tuple(Channel(name=name) for name in names)


def _objective(xml: ET.Element) -> Objective | None:
    """The objective the image names (ObjectiveSettings), else the instrument's first."""
    instrument = _find(xml, "Information/Instrument")
    if instrument is None:
        return None
    ref = _find(xml, "Information/Image/ObjectiveSettings/ObjectiveRef")
    wanted = ref.get("Id") if ref is not None else None
    objectives = instrument.findall("Objectives/Objective")
    chosen = next((o for o in objectives if o.get("Id") == wanted), None)
    chosen = chosen if chosen is not None else (objectives[0] if objectives else None)
    if chosen is None:
        return None

    def text(path: str) -> str | None:
        found = chosen.find(path)
        return (found.text or "").strip() or None if found is not None else None

    def number(path: str) -> float | None:
        try:
            value = text(path)
            return float(value) if value else None
        except ValueError:
            return None

    scope = instrument.find("Microscopes/Microscope")
    found = Objective(
        model=text("Manufacturer/Model") or chosen.get("Name"),
        manufacturer=text("Manufacturer/Manufacturer"),
        nominal_magnification=number("NominalMagnification"),
        lens_na=number("LensNA"),
        immersion=text("Immersion"),
        microscope=(scope.get("Name") or None) if scope is not None else None,
    )
    return found or None


def _well_cell(name: str | None) -> tuple[int, int] | None:
    """(row, column) from 0 of a well name such as ``D6`` or ``AB12``; None otherwise."""
    match = re.fullmatch(r"([A-Z]{1,2})(\d{1,2})", (name or "").strip())
    if match is None:
        return None
    row = 0
    for letter in match[1]:
        row = row * 26 + ord(letter) - ord("A") + 1
    return (row - 1, int(match[2]) - 1)


def _wells(xml: ET.Element, series: int) -> tuple[list[WellPlacement], tuple[Plate, ...]]:
    """A plate where a multiwell template was used and the scenes (or, without scenes,
    the acquired tile region) are named after wells (``D6``)."""
    template = xml.find(".//Experiment//Template")
    size = re.search(r"(\d+)", (template.get("Name") or "") if template is not None else "")
    if size is None or int(size[1]) not in _PLATES:
        return [], ()
    rows, columns = _PLATES[int(size[1])]
    scenes = xml.findall("Metadata/Information/Image/Dimensions/S/Scenes/Scene")
    if scenes:
        names = [scene.get("Name") for scene in scenes]
    else:
        regions = [
            r for r in xml.iter("TileRegion") if r.findtext("IsUsedForAcquisition") == "true"
        ]
        names = [regions[0].get("Name")] if regions else []
    cells = [_well_cell(name) for name in names]
    if len(cells) != series or None in cells:
        return [], ()
    placements: list[WellPlacement] = []
    fields: dict[tuple[int, int], list[WellSample]] = {}
    for number, cell in enumerate(cells):
        assert cell is not None
        if cell[0] >= rows or cell[1] >= columns:
            return [], ()
        samples = fields.setdefault(cell, [])
        placements.append(WellPlacement(plate=0, row=cell[0], column=cell[1], field=len(samples)))
        samples.append(WellSample(index=len(samples), series=number))
    wells = tuple(Well(row=r, column=c, samples=tuple(s)) for (r, c), s in fields.items())
    return placements, (Plate(name=None, rows=rows, columns=columns, wells=wells),)
