"""Olympus FluoView OIB/OIF through ``oiffile`` (the one module that uses it).

Mapped as Bio-Formats' FV1000 reader maps them: the file's C, Z and T axes, channel names
from each channel's ``CH Name``, pixel sizes from the axes' extents (X, Y; Z in nm and T
in ms converted), and, where the file has no Z or time axis, the 1 µm and 1 s Bio-Formats
reports. Planes are read through tifffile's zarr view of the embedded TIFFs (one plane at
a time). Any other axis of more than one index (λ, angle...) is refused by name.

tifffile's view of the TIFFs reads a plane whose file is absent as zeros, and numbers
the planes from the first file it finds: :func:`_check_planes` refuses, naming the plane,
a file whose TIFFs do not cover every plane of the main file's axes.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping, Sequence
from itertools import product
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pyomero.pixels.contract import DEFAULT_LIMITS, Limits, Reader, Series
from pyomero.pixels.errors import CorruptFile, MissingExtra
from pyomero.pixels.metadata import Channel, Length, PixelType, SeriesMetadata
from pyomero.pixels.original import Pairs, pairs
from pyomero.pixels.readers._guards import (
    DAMAGED,
    closed_on_failure,
    plane_errors,
    refuse_unmapped_axes,
)

#: Units of the axes' positions, per micrometre (Z) or per second (T).
_PER_UM = {"nm": 1e3, "um": 1.0, "mm": 1e-3}
_PER_S = {"ms": 1e3, "s": 1.0, "us": 1e6}


class _OifSeries(Series):
    def __init__(self, path: Path, metadata: SeriesMetadata, data: Any, axes: str) -> None:
        super().__init__(path, metadata)
        self._data = data
        self._axes = axes
        self._lock = threading.Lock()

    def _read(
        self, level: int, t: int, c: int, z: int, y: int, x: int, h: int, w: int
    ) -> NDArray[Any]:
        where = {"T": t, "C": c, "Z": z, "Y": slice(y, y + h), "X": slice(x, x + w)}
        with plane_errors(self.path), self._lock:
            plane = np.asarray(self._data[tuple(where[a] for a in self._axes)])
        return np.ascontiguousarray(plane, dtype=self.metadata.dtype)


class OlympusOifReader(Reader):
    """Olympus FluoView ``.oib`` (one file) and ``.oif`` (with its ``.files`` folder)."""

    format_name = "olympus-oif"
    priority = 60
    extra = "oif"

    @classmethod
    def claims(cls, path: Path) -> bool:
        return path.is_file() and path.suffix.lower() in (".oib", ".oif")

    def __init__(self, path: str | Path, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(path, limits)
        try:
            import oiffile
            import zarr
        except ImportError:
            raise MissingExtra(self.path, self.format_name, "oif") from None
        self._handle: Any = None
        with closed_on_failure(self, "Olympus OIB/OIF"):
            self._handle = oiffile.OifFile(self.path)
            data = zarr.open(self._handle.series[0].aszarr(), mode="r")
            self._series = [self._map(self._handle, data)]
            self._original = pairs(
                (f"[{section}] {key}", value)
                for section, items in self._handle.mainfile.items()
                if isinstance(items, Mapping)
                for key, value in items.items()
            )

    @property
    def global_metadata(self) -> Pairs:
        """The main file's INI sections as ``[Section] key`` pairs, as Bio-Formats names
        them (oiffile's values: quotes taken off, Windows paths as written)."""
        return self._original

    def _map(self, handle: Any, data: Any) -> Series:
        axes = str(handle.axes)
        sizes = dict(zip(axes, (int(s) for s in handle.shape), strict=True))
        refuse_unmapped_axes(self.path, axes, sizes)
        _check_planes(self.path, list(handle.series[0]), sizes)
        main = handle.mainfile
        extents = {
            str(section.get("AxisCode")): section
            for name, section in main.items()
            if name.startswith("Axis ") and name.endswith("Parameters Common")
        }

        def step(axis: str, per: dict[str, float]) -> float | None:
            section = extents.get(axis)
            if section is None:
                return None
            count = int(section.get("MaxSize", 0) or 0)
            if count < 2:
                return None
            span = abs(float(section["EndPosition"]) - float(section["StartPosition"]))
            scale = per.get(str(section.get("UnitName", "")).strip(), 1.0)
            return span / (count - 1) / scale

        size_x, size_y = step("X", _PER_UM), step("Y", _PER_UM)
        size_z = step("Z", _PER_UM) if sizes.get("Z", 1) > 1 else 1.0
        increment = step("T", _PER_S) if sizes.get("T", 1) > 1 else 1.0
        names = [
            main.get(f"Channel {index + 1} Parameters", {}).get("CH Name")
            for index in range(sizes.get("C", 1))
        ]
        metadata = SeriesMetadata(
            name=self.path.name,
            size_x=sizes["X"],
            size_y=sizes["Y"],
            size_z=sizes.get("Z", 1),
            size_c=sizes.get("C", 1),
            size_t=sizes.get("T", 1),
            pixel_type=PixelType.from_dtype(handle.dtype),
            physical_size_x=Length(size_x) if size_x else None,
            physical_size_y=Length(size_y) if size_y else None,
            physical_size_z=Length(size_z) if size_z else None,
            time_increment=increment,
            channels=tuple(Channel(name=str(n) if n else None) for n in names),
        )
        return _OifSeries(self.path, metadata, data, axes)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    @property
    def files(self) -> tuple[Path, ...]:
        if self.path.suffix.lower() == ".oif":
            folder = self.path.with_name(self.path.name + ".files")
            extra = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
            return (self.path, *extra)
        return (self.path,)

    @property
    def series(self) -> Sequence[Series]:
        return self._series


#: A plane's TIFF is named after its index on each axis, from 1: ``s_C002Z010.tif``.
_INDEX = re.compile(r"([CZT])(\d+)")


def _check_planes(path: Path, files: list[str], sizes: dict[str, int]) -> None:
    """Refuse a file whose plane TIFFs miss a plane of the main file's C, Z and T axes."""
    axes = [axis for axis in "CZT" if sizes.get(axis, 1) > 1]
    present: set[tuple[int, ...]] = set()
    for name in files:
        stem = name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
        found = dict(_INDEX.findall(stem.split("_", 1)[-1]))
        present.add(tuple(int(found[axis]) if axis in found else -1 for axis in axes))
    base = 0 if any(0 in index for index in present) else 1
    grid = product(*(range(base, base + sizes[axis]) for axis in axes))
    missing = [index for index in grid if index not in present]
    if missing:
        at = dict(zip(axes, missing[0], strict=True))
        plane = ", ".join(f"{a.lower()}={at.get(a, base) - base}" for a in "ZCT")
        more = f" (and {len(missing) - 1} more planes)" if len(missing) > 1 else ""
        raise CorruptFile(path, f"plane {plane}, series 0 has no TIFF in the file{more}: {DAMAGED}")
