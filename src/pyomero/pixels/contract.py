"""The reader contract: what every format reader gives, whatever the format.

A :class:`Reader` is opened on one path (a file, or a directory for OME-Zarr). It names
the files of its fileset, the plates they image, and its :class:`Series`. A series has
pure :class:`~pyomero.pixels.metadata.SeriesMetadata` and reads rectangular regions of
one plane at one resolution level, touching only the bytes that region needs.

A new format is a subclass of :class:`Reader` registered with a priority (see
:mod:`pyomero.pixels.registry`). The last block of each class lists what a subclass
must implement.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar, Self

import numpy as np
from numpy.typing import NDArray

from pyomero.pixels.errors import RegionOutOfBounds, TooLarge
from pyomero.pixels.metadata import Level, Plate, SeriesMetadata


@dataclass(frozen=True)
class Limits:
    """What pyomero refuses up front: planes wider or taller, or more of them."""

    max_side: int = 262_144
    max_planes: int = 1_000_000

    def check(self, path: str | Path, metadata: SeriesMetadata) -> None:
        for level in (metadata.size_x, metadata.size_y):
            if level > self.max_side:
                raise TooLarge(
                    path,
                    f"the image claims {metadata.size_x} x {metadata.size_y} pixels per plane, "
                    f"more than the {self.max_side} px per side pyomero accepts",
                )
        if metadata.plane_count > self.max_planes:
            raise TooLarge(
                path,
                f"the image claims {metadata.plane_count} planes, "
                f"more than the {self.max_planes} pyomero accepts",
            )


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Label:
    """A label image attached to a series (OME-Zarr ``labels/``): the source of Mask ROIs."""

    name: str
    colors: tuple[tuple[int, str], ...] = ()  # (label value, "RRGGBBAA")


class Series(ABC):
    """One image of a fileset: metadata and region reads."""

    def __init__(self, path: Path, metadata: SeriesMetadata) -> None:
        self.path = path
        self.metadata = metadata

    @property
    def levels(self) -> tuple[Level, ...]:
        return self.metadata.levels

    def read(
        self, level: int, t: int, c: int, z: int, y: int, x: int, h: int, w: int
    ) -> NDArray[Any]:
        """The ``h`` x ``w`` region at (``y``, ``x``) of plane (t, c, z) at ``level``.

        Level 0 is full resolution. The array has the pixel type's dtype and shape (h, w).
        """
        self.check_region(level, t, c, z, y, x, h, w)
        return self._read(level, t, c, z, y, x, h, w)

    def read_plane(self, level: int, t: int, c: int, z: int) -> NDArray[Any]:
        size = self.levels[level] if 0 <= level < len(self.levels) else self.levels[0]
        return self.read(level, t, c, z, 0, 0, size.size_y, size.size_x)

    def check_region(
        self, level: int, t: int, c: int, z: int, y: int, x: int, h: int, w: int
    ) -> None:
        meta = self.metadata
        if not 0 <= level < len(meta.levels):
            raise RegionOutOfBounds(self.path, f"level {level} not in 0..{len(meta.levels) - 1}")
        for name, value, size in (("t", t, meta.size_t), ("c", c, meta.size_c)):
            if not 0 <= value < size:
                raise RegionOutOfBounds(self.path, f"{name}={value} not in 0..{size - 1}")
        if not 0 <= z < meta.size_z:
            raise RegionOutOfBounds(self.path, f"z={z} not in 0..{meta.size_z - 1}")
        lv = meta.levels[level]
        if h < 1 or w < 1 or y < 0 or x < 0 or y + h > lv.size_y or x + w > lv.size_x:
            raise RegionOutOfBounds(
                self.path,
                f"region x={x} y={y} w={w} h={h} outside level {level} ({lv.size_x} x {lv.size_y})",
            )

    @property
    def labels(self) -> tuple[Label, ...]:
        """Label images of this series; most formats have none."""
        return ()

    def read_label(
        self, name: str, level: int, t: int, z: int, y: int, x: int, h: int, w: int
    ) -> NDArray[Any]:
        raise RegionOutOfBounds(self.path, f"no label image {name!r}")

    # What a series must implement:

    @abstractmethod
    def _read(
        self, level: int, t: int, c: int, z: int, y: int, x: int, h: int, w: int
    ) -> NDArray[Any]:
        """Read a region already checked to be inside the image."""


class Reader(ABC):
    """A format reader opened on one path; a context manager that closes its files."""

    format_name: ClassVar[str]
    priority: ClassVar[int]
    #: The pip extra this reader needs, if any.
    extra: ClassVar[str | None] = None

    def __init__(self, path: str | Path, limits: Limits = DEFAULT_LIMITS) -> None:
        self.path = Path(path)
        self.limits = limits

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:  # noqa: B027 - optional hook, not abstract
        """Release open files; the default has nothing to release."""

    @property
    def plates(self) -> tuple[Plate, ...]:
        """Plates the fileset images; most formats have none."""
        return ()

    @property
    def global_metadata(self) -> tuple[tuple[str, str], ...]:
        """The key-value pairs the files hold for the whole fileset (OMERO's global
        original metadata: TIFF tags, vendor headers); a series' own are its metadata's
        ``original``. See :mod:`pyomero.pixels.original`."""
        return ()

    def check_limits(self) -> None:
        for series in self.series:
            self.limits.check(self.path, series.metadata)

    # What a reader must implement:

    @classmethod
    @abstractmethod
    def claims(cls, path: Path) -> bool:
        """Whether this reader can read ``path``: cheap, by name and magic bytes."""

    @property
    @abstractmethod
    def files(self) -> tuple[Path, ...]:
        """Every file of the fileset ``path`` belongs to (companions, data files)."""

    @property
    @abstractmethod
    def series(self) -> Sequence[Series]:
        """The series of the fileset, in the file's order."""


def empty_region(dtype: np.dtype[Any], h: int, w: int) -> NDArray[Any]:
    return np.zeros((h, w), dtype=dtype)
