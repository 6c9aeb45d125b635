"""Leica LIF through ``liffile``: the one module that uses it.

Mapped as Bio-Formats maps a LIF: each image of the file is a series, and each tile of a
tile scan (M) a series of its own; λ scans (emission λ, excitation Λ) become time points
(after any real time points); line scans keep their scanned axis as the plane's rows
(XZ, XZT, XZY: Z is the plane's Y, a scanned Y becomes Z). A dimension with no such
mapping is refused with a line naming it: no plane is ever dropped.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pyomero.pixels.contract import DEFAULT_LIMITS, Limits, Reader, Series
from pyomero.pixels.errors import MissingExtra, UnsupportedFormat
from pyomero.pixels.metadata import Channel, Length, Objective, PixelType, SeriesMetadata
from pyomero.pixels.original import xml_pairs
from pyomero.pixels.readers._guards import closed_on_failure, plane_errors

#: Dimensions folded into time points, in this order after T.
_SWEEPS = ("λ", "Λ")


class _Layout:
    """Which liffile dimension plays which role in OMERO's XYZCT for one image."""

    def __init__(self, path: Path, name: str, dims: tuple[str, ...], shape: tuple[int, ...]):
        self.dims = dims
        self.sizes = dict(zip(dims, shape, strict=True))
        if "X" not in dims:
            raise UnsupportedFormat(path, f"image {name!r} has no X dimension")
        before = dims[dims.index("X") - 1] if dims.index("X") > 0 else None
        self.row: str | None
        self.depth: str | None
        if before == "Y":
            self.row, self.depth = "Y", ("Z" if "Z" in dims else None)
        elif before == "Z":  # a line scan: Z is the plane's rows, a scanned Y its depth
            self.row, self.depth = "Z", ("Y" if "Y" in dims else None)
        else:
            self.row, self.depth = None, ("Z" if "Z" in dims else None)
        self.times = tuple(d for d in ("T", *_SWEEPS) if d in dims)
        known = {"X", "C", "S", "M", self.row, self.depth, *self.times} - {None}
        unknown = [d for d in dims if d not in known]
        if unknown:
            listed = ", ".join(f"{d} ({self.sizes[d]})" for d in unknown)
            raise UnsupportedFormat(
                path,
                f"image {name!r} has dimensions {listed} that cannot be mapped; "
                "import it with --reader bioformats",
            )

    def size(self, dim: str | None) -> int:
        return self.sizes.get(dim, 1) if dim is not None else 1

    @property
    def size_t(self) -> int:
        return int(np.prod([self.sizes[d] for d in self.times])) if self.times else 1

    def index(
        self, tile: int, t: int, c: int, z: int, y: int, x: int, h: int, w: int
    ) -> tuple[Any, ...]:
        where: dict[str, Any] = {"M": tile, "X": slice(x, x + w)}
        samples = self.size("S")
        where["C"], where["S"] = divmod(c, samples)
        if self.row is not None:
            where[self.row] = slice(y, y + h)
        if self.depth is not None:
            where[self.depth] = z
        for dim in reversed(self.times):  # the last folded dimension varies fastest
            t, where[dim] = divmod(t, self.sizes[dim])
        return tuple(where.get(d, 0) for d in self.dims)


class _LifSeries(Series):
    def __init__(
        self,
        reader: LeicaLifReader,
        metadata: SeriesMetadata,
        data: Any,
        layout: _Layout,
        tile: int,
    ) -> None:
        super().__init__(reader.path, metadata)
        self._lock = reader.lock
        self._data = data
        self._layout = layout
        self._tile = tile

    def _read(
        self, level: int, t: int, c: int, z: int, y: int, x: int, h: int, w: int
    ) -> NDArray[Any]:
        index = self._layout.index(self._tile, t, c, z, y, x, h, w)
        with plane_errors(self.path), self._lock:
            plane = np.asarray(self._data[index])
        return np.ascontiguousarray(plane.reshape(h, w), dtype=self.metadata.dtype)


class LeicaLifReader(Reader):
    """Leica LIF (LAS X, LAS AF) through liffile."""

    format_name = "leica-lif"
    priority = 60
    extra = "lif"

    @classmethod
    def claims(cls, path: Path) -> bool:
        return path.is_file() and path.suffix.lower() == ".lif"

    def __init__(self, path: str | Path, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(path, limits)
        try:
            import liffile
        except ImportError:
            raise MissingExtra(self.path, self.format_name, "lif") from None
        self.lock = threading.Lock()
        self._handle: Any = None
        with closed_on_failure(self, "LIF"):
            self._handle = liffile.LifFile(self.path)
            self._series = [s for image in self._handle.images for s in self._map(image)]

    def _map(self, image: Any) -> list[Series]:
        name = str(image.name)
        layout = _Layout(self.path, name, tuple(image.dims), tuple(int(s) for s in image.shape))
        coords = getattr(image, "coords", {}) or {}

        def step(dim: str | None) -> Length | None:
            values = coords.get(dim) if dim is not None else None
            if values is None or len(values) < 2:
                return None
            return Length(abs(float(values[-1]) - float(values[0])) / (len(values) - 1) * 1e6)

        size_c = layout.size("C") * layout.size("S")
        data = image.asarray(out="memmap")
        element = getattr(image, "xml_element", None)
        original = xml_pairs(element) if element is not None else ()
        found: list[Series] = []
        for tile in range(layout.size("M")):
            metadata = SeriesMetadata(
                name=name,
                size_x=layout.size("X"),
                size_y=layout.size(layout.row),
                size_z=layout.size(layout.depth),
                size_c=size_c,
                size_t=layout.size_t,
                pixel_type=PixelType.from_dtype(image.dtype),
                physical_size_x=step("X"),
                physical_size_y=step(layout.row),
                physical_size_z=step(layout.depth),
                channels=_channels(image, size_c),
                original=original,
                objective=_objective(element),
            )
            found.append(_LifSeries(self, metadata, data, layout, tile))
        return found

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


def _channels(image: Any, count: int) -> tuple[Channel, ...]:
    """Channel names from the dyes of the detection bands, where there is one per channel."""
    element = getattr(image, "xml_element", None)
    if element is None:
        return ()
    dyes = [band.get("DyeName") for band in element.iter("MultiBand") if band.get("DyeName")]
    if len(dyes) != count:
        return ()
    return tuple(Channel(name=dye) for dye in dyes)


#: LAS X's immersion names as OME's Immersion.
_IMMERSIONS = {"OIL": "Oil", "WATER": "Water", "GLYC": "Glycerol", "DRY": "Air", "AIR": "Air"}


def _objective(element: Any) -> Objective | None:
    """The objective of the image's confocal (or camera) settings: its name,
    magnification, NA and immersion, and the microscope stand they sit on."""
    if element is None:
        return None
    settings = next(
        (
            found
            for tag in ("ATLConfocalSettingDefinition", "ATLCameraSettingDefinition")
            for found in element.iter(tag)
            if found.get("ObjectiveName")
        ),
        None,
    )
    if settings is None:
        return None

    def number(name: str) -> float | None:
        try:
            value = float(settings.get(name) or "nan")
        except ValueError:
            return None
        return value if value == value and value > 0 else None

    immersion = (settings.get("Immersion") or "").strip()
    stand = (settings.get("MicroscopeModel") or "").strip()
    return Objective(
        model=(settings.get("ObjectiveName") or "").strip() or None,
        manufacturer="Leica",
        nominal_magnification=number("Magnification"),
        lens_na=number("NumericalAperture"),
        immersion=_IMMERSIONS.get(immersion.upper(), "Other") if immersion else None,
        microscope=f"Leica {stand}" if stand else None,
    )
