"""Readers that need an optional package: Nikon ND2 (``nd2``). Each is installed with a
pip extra; without it, opening such a file raises
:class:`~pyomero.pixels.errors.MissingExtra` naming the extra to install.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pyomero.pixels.contract import DEFAULT_LIMITS, Limits, Reader, Series
from pyomero.pixels.errors import MissingExtra, UnsupportedFormat
from pyomero.pixels.metadata import Channel, Length, PixelType, SeriesMetadata
from pyomero.pixels.readers._guards import closed_on_failure, plane_errors

Region = Callable[[int, int, int, int, int, int, int], NDArray[Any]]


def require(path: Path, module: str, format_name: str, extra: str) -> ModuleType:
    """Import the optional ``module`` or raise :class:`MissingExtra` for ``path``."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(path, format_name, extra) from None


class FunctionSeries(Series):
    """A series whose region reads are delegated to a function of (t, c, z, y, x, h, w)."""

    def __init__(self, path: Path, metadata: SeriesMetadata, region: Region) -> None:
        super().__init__(path, metadata)
        self._region = region
        self._lock = threading.Lock()

    def _read(
        self, level: int, t: int, c: int, z: int, y: int, x: int, h: int, w: int
    ) -> NDArray[Any]:
        where = f"cannot decode pixel data of plane z={z}, c={c}, t={t}"
        with plane_errors(self.path, where), self._lock:
            data = self._region(t, c, z, y, x, h, w)
        return np.ascontiguousarray(data, dtype=self.metadata.dtype)


class ExtraReader(Reader):
    """Shared life cycle: import the extra, open the file, map library errors."""

    suffixes: tuple[str, ...] = ()
    module: str = ""

    @classmethod
    def claims(cls, path: Path) -> bool:
        return path.is_file() and path.suffix.lower() in cls.suffixes

    def __init__(self, path: str | Path, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(path, limits)
        assert self.extra is not None
        lib = require(self.path, self.module, self.format_name, self.extra)
        self._handle: Any = None
        with closed_on_failure(self, self.format_name):
            self._series = self._open(lib)

    def _open(self, lib: ModuleType) -> list[Series]:
        raise NotImplementedError

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


def _sizes(dims: dict[str, int]) -> dict[str, int]:
    return {axis: int(dims.get(axis, 1)) for axis in "XYZCT"}


class Nd2Reader(ExtraReader):
    """Nikon ND2 through the ``nd2`` package; positions (P) are series."""

    format_name = "nikon-nd2"
    priority = 60
    extra = "nd2"
    suffixes = (".nd2",)
    module = "nd2"

    def _open(self, lib: ModuleType) -> list[Series]:
        handle = self._handle = lib.ND2File(self.path)
        sizes = {k: int(v) for k, v in handle.sizes.items()}
        unknown = {k: v for k, v in sizes.items() if k not in "TZPCYXS" and v > 1}
        if unknown:  # a loop read as its first index only would drop planes
            listed = ", ".join(f"{k} ({v})" for k, v in unknown.items())
            raise UnsupportedFormat(
                self.path, f"dimensions {listed} cannot be mapped; use --reader bioformats"
            )
        loops: list[dict[str, int]] = [dict(i) for i in handle.loop_indices]
        rgb = bool(handle.is_rgb)
        size = _sizes(sizes)
        if rgb:
            size["C"] = int(sizes.get("S", 3)) * int(sizes.get("C", 1))
        voxel = handle.voxel_size()
        channels: tuple[Channel, ...] = ()
        meta_channels = getattr(handle.metadata, "channels", None) or []
        if len(meta_channels) == size["C"]:
            channels = tuple(
                Channel(
                    name=ch.channel.name,
                    emission_wavelength=Length(float(ch.channel.emissionLambdaNm), "nm")
                    if ch.channel.emissionLambdaNm
                    else None,
                )
                for ch in meta_channels
            )

        def region_for(position: int) -> Region:
            def region(t: int, c: int, z: int, y: int, x: int, h: int, w: int) -> NDArray[Any]:
                want = {"T": t, "Z": z, "P": position}
                index = (
                    next(
                        i
                        for i, loop in enumerate(loops)
                        if all(loop.get(k, 0) == v for k, v in want.items() if k in loop)
                    )
                    if loops
                    else 0
                )
                frame = np.asarray(handle.read_frame(index))
                if rgb:
                    return frame[y : y + h, x : x + w, c]
                if frame.ndim == 3:
                    return frame[c, y : y + h, x : x + w]
                return frame[y : y + h, x : x + w]

            return region

        found: list[Series] = []
        for position in range(int(sizes.get("P", 1))):
            metadata = SeriesMetadata(
                name=self.path.name if "P" not in sizes else f"{self.path.name} #{position + 1}",
                size_x=size["X"],
                size_y=size["Y"],
                size_z=size["Z"],
                size_c=size["C"],
                size_t=size["T"],
                pixel_type=PixelType.from_dtype(handle.dtype),
                channels=channels,
                physical_size_x=Length(float(voxel.x)) if voxel.x else None,
                physical_size_y=Length(float(voxel.y)) if voxel.y else None,
                physical_size_z=Length(float(voxel.z)) if voxel.z else None,
            )
            found.append(FunctionSeries(self.path, metadata, region_for(position)))
        return found
