"""DeltaVision (softWoRx ``.dv``) through ``mrc`` (the one module that uses it).

The file's Z, wavelength and time axes map onto Z, C and T as Bio-Formats maps them (rows
top-down, as Bio-Formats turns them),
the pixel spacing onto physical sizes, each wavelength onto a channel's emission
wavelength; an axis with no such mapping is refused with a line naming it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pyomero.pixels.contract import DEFAULT_LIMITS, Limits, Reader, Series
from pyomero.pixels.errors import MissingExtra
from pyomero.pixels.metadata import Channel, Length, Objective, PixelType, SeriesMetadata
from pyomero.pixels.original import Pairs, pairs
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
            self._original = _header_pairs(self._handle)

    @property
    def global_metadata(self) -> Pairs:
        """The header's fields named as Bio-Formats names them (``Wavelength 1 (in nm)``,
        ``X element length (in um)``...), its titles and the lens."""
        return self._original

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
            objective=_objective(str(getattr(handle, "lens", "") or "")),
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


#: Header fields by Bio-Formats' names for them (DeltavisionReader).
_NAMES = {
    "width": "ImageWidth",
    "height": "ImageHeight",
    "n_sections": "NumberOfImages",
    "x_start": "Sub-image starting point (X)",
    "y_start": "Sub-image starting point (Y)",
    "z_start": "Sub-image starting point (Z)",
    "mx": "Pixel sampling size (X)",
    "my": "Pixel sampling size (Y)",
    "mz": "Pixel sampling size (Z)",
    "dx": "X element length (in um)",
    "dy": "Y element length (in um)",
    "dz": "Z element length (in um)",
    "alpha": "X axis angle",
    "beta": "Y axis angle",
    "gamma": "Z axis angle",
    "col_ax": "Column axis sequence",
    "row_ax": "Row axis sequence",
    "section_ax": "Section axis sequence",
    "min": "Wavelength 1 min. intensity",
    "max": "Wavelength 1 max. intensity",
    "mean": "Wavelength 1 mean intensity",
    "space_group_num": "Space group number",
    "n_subres": "Number of Sub-resolution sets",
    "zfac": "Z axis reduction quotient",
    "lens_num": "Lens ID Number",
    "x_tilt": "X axis tilt angle",
    "y_tilt": "Y axis tilt angle",
    "z_tilt": "Z axis tilt angle",
    "nc": "Number of wavelengths",
    "nt": "Number of timepoints",
    "x0": "X origin (in um)",
    "y0": "Y origin (in um)",
    "z0": "Z origin (in um)",
    **{f"wave{i}": f"Wavelength {i} (in nm)" for i in range(1, 6)},
    **{f"min{i}": f"Wavelength {i} min. intensity" for i in range(2, 6)},
    **{f"max{i}": f"Wavelength {i} max. intensity" for i in range(2, 6)},
}
_PIXEL_TYPES = {
    0: "8 bit unsigned integer",
    1: "16 bit signed integer",
    2: "32 bit floating point",
    3: "16 bit complex",
    4: "64 bit complex",
    6: "16 bit unsigned integer",
}
_SEQUENCES = {0: "ZTW", 1: "WZT", 2: "ZWT"}
_LENS = re.compile(r"(\d+(?:\.\d+)?)\s*[xX]\s*/\s*(\d(?:\.\d+)?)")


def _header_pairs(handle: Any) -> Pairs:
    header = handle.hdr._asdict()
    found: list[tuple[str, Any]] = [
        (name, header[field]) for field, name in _NAMES.items() if field in header
    ]
    mode, order = header.get("pixel_type"), header.get("img_seq")
    found.append(("PixelType", _PIXEL_TYPES.get(mode, mode)))
    found.append(("Image sequence", _SEQUENCES.get(order, order)))
    planes = int(header.get("nc") or 1) * int(header.get("nt") or 1)
    found.append(("Number of focal planes", int(header.get("n_sections", 0)) // planes))
    raw = getattr(handle, "_title", b"") or b""
    titles = [raw[i : i + 80].decode("latin-1").rstrip("\x00 ") for i in range(0, len(raw), 80)]
    found += [(f"Title #{i:02d}", title) for i, title in enumerate(titles, 1) if title]
    lens = getattr(handle, "lens", None)
    if lens:
        found.append(("Lens", lens))
    return pairs(found)


def _objective(lens: str) -> Objective | None:
    """The lens mrc names from the header's lens ID (``Olympus 100X/1.35, U Plan Apo``)."""
    if not lens:
        return None
    power = _LENS.search(lens)
    return Objective(
        model=lens,
        manufacturer=lens.split()[0],
        nominal_magnification=float(power.group(1)) if power else None,
        lens_na=float(power.group(2)) if power else None,
    )
