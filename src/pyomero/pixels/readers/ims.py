"""Bitplane Imaris ``.ims`` (HDF5) through ``h5py`` (the one module that uses it).

Mapped as Bio-Formats maps it: the resolution levels are grouped by depth, each level of a
new Z size starting a series of its own (the levels that keep the Z size are that series'
pyramid levels); time points, channels (named from ``DataSetInfo``), and pixel sizes from
the image's extents over each level's size. Planes are read chunk-wise from HDF5, cropped
from the padded blocks Imaris stores.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pyomero.pixels.contract import DEFAULT_LIMITS, Limits, Reader, Series
from pyomero.pixels.errors import CorruptFile, MissingExtra, UnsupportedFormat
from pyomero.pixels.metadata import Channel, Length, Level, PixelType, SeriesMetadata
from pyomero.pixels.original import Pairs, pairs
from pyomero.pixels.readers._guards import closed_on_failure


def _text(node: Any, name: str) -> str | None:
    """An Imaris attribute (stored as an array of one-byte strings) as text."""
    value = node.attrs.get(name)
    if value is None:
        return None
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return b"".join(bytes(v) for v in value).decode("latin-1")


class _ImsSeries(Series):
    def __init__(self, reader: ImarisReader, metadata: SeriesMetadata, levels: list[str]) -> None:
        super().__init__(reader.path, metadata)
        self._file = reader.handle
        self._lock = reader.lock
        self._groups = levels

    def _read(
        self, level: int, t: int, c: int, z: int, y: int, x: int, h: int, w: int
    ) -> NDArray[Any]:
        name = f"DataSet/{self._groups[level]}/TimePoint {t}/Channel {c}/Data"
        try:
            with self._lock:
                plane = np.asarray(self._file[name][z, y : y + h, x : x + w])
        except Exception as exc:
            raise CorruptFile(self.path, f"cannot read {name}: {exc}") from exc
        return np.ascontiguousarray(plane, dtype=self.metadata.dtype)


class ImarisReader(Reader):
    """Imaris 5.5+ ``.ims`` files through h5py."""

    format_name = "imaris"
    priority = 60
    extra = "ims"

    @classmethod
    def claims(cls, path: Path) -> bool:
        return path.is_file() and path.suffix.lower() == ".ims"

    def __init__(self, path: str | Path, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(path, limits)
        try:
            import h5py  # type: ignore[import-untyped]
        except ImportError:
            raise MissingExtra(self.path, self.format_name, "ims") from None
        self.lock = threading.Lock()
        self.handle: Any = None
        with closed_on_failure(self, "Imaris"):
            self.handle = h5py.File(self.path, "r")
            self._series = self._map(self.handle)
            self._original = _original(self.handle)

    @property
    def global_metadata(self) -> Pairs:
        """The file's own attributes by name (``ImarisVersion``), then each attribute of
        each ``DataSetInfo`` group as ``Group|Name`` (``Channel 0|Color``, ``Image|ExtMax0``);
        Bio-Formats names them by the attribute alone, the last group's winning."""
        return self._original

    def _map(self, handle: Any) -> list[Series]:
        if "DataSet" not in handle or "DataSetInfo" not in handle:
            raise UnsupportedFormat(self.path, "not an Imaris file (no DataSet)")
        info = handle["DataSetInfo"]
        image = info["Image"]
        names = sorted(handle["DataSet"], key=lambda n: int(n.split()[-1]))
        first = handle["DataSet"][names[0]]
        times = sorted(first, key=lambda n: int(n.split()[-1]))
        channels = sorted(first[times[0]], key=lambda n: int(n.split()[-1]))
        if not (times and channels):
            raise CorruptFile(self.path, "the data set has no time point or channel")

        def size(level: str) -> tuple[int, int, int]:
            node = handle["DataSet"][level][times[0]][channels[0]]
            return tuple(int(_text(node, f"ImageSize{a}") or 0) for a in "XYZ")  # type: ignore[return-value]

        groups: list[list[str]] = []
        for level in names:
            if groups and size(groups[-1][0])[2] == size(level)[2]:
                groups[-1].append(level)
            else:
                groups.append([level])
        extent = {
            a: abs(float(_text(image, f"ExtMax{i}") or 0) - float(_text(image, f"ExtMin{i}") or 0))
            for i, a in enumerate("XYZ")
        }
        unit = {"um": "µm", "nm": "nm", "mm": "mm"}.get((_text(image, "Unit") or "um").strip())
        named = tuple(
            Channel(name=_text(info[f"Channel {i}"], "Name") if f"Channel {i}" in info else None)
            for i in range(len(channels))
        )
        dtype = first[times[0]][channels[0]]["Data"].dtype
        found: list[Series] = []
        for number, group in enumerate(groups):
            sx, sy, sz = size(group[0])

            def length(axis: str, count: int) -> Length | None:
                if not extent[axis] or not count or unit is None:
                    return None
                return Length(extent[axis] / count, unit)

            name = self.path.name if len(groups) == 1 else f"{self.path.name} #{number + 1}"
            metadata = SeriesMetadata(
                name=name,
                size_x=sx,
                size_y=sy,
                size_z=sz,
                size_c=len(channels),
                size_t=len(times),
                pixel_type=PixelType.from_dtype(dtype),
                physical_size_x=length("X", sx),
                physical_size_y=length("Y", sy),
                physical_size_z=length("Z", sz),
                channels=named,
                levels=tuple(Level(*size(level)[:2]) for level in group),
            )
            found.append(_ImsSeries(self, metadata, group))
        return found

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None

    @property
    def files(self) -> tuple[Path, ...]:
        return (self.path,)

    @property
    def series(self) -> Sequence[Series]:
        return self._series


def _attributes(node: Any, prefix: str = "") -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for name, value in node.attrs.items():
        kind = getattr(getattr(value, "dtype", None), "kind", "")
        if kind == "S":  # Imaris text: an array of one-byte strings
            value = b"".join(bytes(v) for v in np.atleast_1d(value))
        elif getattr(value, "size", 0) == 1:
            value = value.reshape(()).item()
        found.append((f"{prefix}{name}", value))
    return found


def _original(handle: Any) -> Pairs:
    found = _attributes(handle)
    info = handle.get("DataSetInfo")
    for group in info.values() if info is not None else ():
        found += _attributes(group, f"{group.name.rsplit('/', 1)[-1]}|")
    return pairs(found)
