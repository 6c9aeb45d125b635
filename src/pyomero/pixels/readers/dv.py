"""DeltaVision (softWoRx ``.dv``) through ``mrc`` (the one module that uses it).

The file's Z, wavelength and time axes map onto Z, C and T as Bio-Formats maps them (rows
top-down, as Bio-Formats turns them),
the pixel spacing onto physical sizes, each wavelength onto a channel's emission
wavelength; an axis with no such mapping is refused with a line naming it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pyomero.pixels.contract import DEFAULT_LIMITS, Limits, Reader, Series
from pyomero.pixels.errors import MissingExtra
from pyomero.pixels.metadata import Channel, Length, PixelType, SeriesMetadata
from pyomero.pixels.readers._guards import (
    closed_on_failure,
    plane_errors,
    refuse_unmapped_axes,
)


class _DvSeries(Series):
    def __init__(self, path: Path, metadata: SeriesMetadata, data: Any, axes: str) -> None:
        super().__init__(path, metadata)
        self._data = data
        self._axes = axes
        self._lock = threading.Lock()

    def _read(
        self, level: int, t: int, c: int, z: int, y: int, x: int, h: int, w: int
    ) -> NDArray[Any]:
        # DeltaVision stores rows bottom-up; Bio-Formats (and OMERO) show them top-down.
        top = self.metadata.size_y - y - h
        where = {"T": t, "C": c, "Z": z, "Y": slice(top, top + h), "X": slice(x, x + w)}
        with plane_errors(self.path), self._lock:
            plane = np.asarray(self._data[tuple(where[a] for a in self._axes)])[::-1]
        return np.ascontiguousarray(plane, dtype=self.metadata.dtype)


class DeltaVisionReader(Reader):
    """DeltaVision ``.dv`` (and ``.r3d``) through mrc."""

    format_name = "deltavision"
    priority = 60
    extra = "dv"

    @classmethod
    def claims(cls, path: Path) -> bool:
        return path.is_file() and path.suffix.lower() in (".dv", ".r3d")

    def __init__(self, path: str | Path, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(path, limits)
        try:
            import mrc
        except ImportError:
            raise MissingExtra(self.path, self.format_name, "dv") from None
        self._handle: Any = None
        with closed_on_failure(self, "DeltaVision"):
            self._handle = mrc.DVFile(self.path)
            self._series = [self._map(self._handle)]

    def _map(self, handle: Any) -> Series:
        axes = str(handle.axes)
        sizes = {k: int(v) for k, v in handle.sizes.items()}
        refuse_unmapped_axes(self.path, axes, sizes)
        voxel = handle.voxel_size
        header = handle.hdr
        waves = [getattr(header, f"wave{i}", 0) for i in range(1, 6)][: sizes.get("C", 1)]
        channels = tuple(
            Channel(emission_wavelength=Length(float(w), "nm") if w else None) for w in waves
        )

        def length(value: float) -> Length | None:
            return Length(float(value)) if value and value > 0 else None

        metadata = SeriesMetadata(
            name=self.path.name,
            size_x=sizes["X"],
            size_y=sizes["Y"],
            size_z=sizes.get("Z", 1),
            size_c=sizes.get("C", 1),
            size_t=sizes.get("T", 1),
            pixel_type=PixelType.from_dtype(handle.dtype),
            physical_size_x=length(voxel.x),
            physical_size_y=length(voxel.y),
            physical_size_z=length(voxel.z),
            channels=channels if len(channels) == sizes.get("C", 1) else (),
        )
        return _DvSeries(self.path, metadata, handle.data, axes)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    @property
    def files(self) -> tuple[Path, ...]:
        return (self.path,)

    @property
    def series(self) -> Sequence[Series]:
        return self._series
