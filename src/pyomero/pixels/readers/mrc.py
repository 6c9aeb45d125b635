"""MRC/CCP4 maps and EM images (``.mrc``, ``.map``, ``.mrcs``, ``.st``, ``.rec``) through
``mrcfile`` (the one module that uses it).

Mapped as Bio-Formats maps them: columns X, rows Y (top-down), sections Z (an image
stack's images are Z as well), the voxel size in Å as physical sizes in µm (a zero size
is unset), read through a memory map. A 4D (multi-volume) file is refused with a line naming it.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pyomero.pixels.contract import DEFAULT_LIMITS, Limits, Reader, Series
from pyomero.pixels.errors import CorruptFile, MissingExtra, UnsupportedFormat
from pyomero.pixels.metadata import Length, PixelType, SeriesMetadata
from pyomero.pixels.original import Pairs, pairs
from pyomero.pixels.readers._guards import closed_on_failure

SUFFIXES = (".mrc", ".map", ".mrcs", ".st", ".rec", ".ccp4")


class _MrcSeries(Series):
    def __init__(self, path: Path, metadata: SeriesMetadata, data: Any) -> None:
        super().__init__(path, metadata)
        self._data = data
        self._lock = threading.Lock()

    def _read(
        self, level: int, t: int, c: int, z: int, y: int, x: int, h: int, w: int
    ) -> NDArray[Any]:
        # MRC stores rows bottom-up; Bio-Formats (and OMERO) show them top-down.
        top = self.metadata.size_y - y - h
        try:
            with self._lock:
                plane = np.asarray(self._data[z, top : top + h, x : x + w])[::-1]
        except Exception as exc:
            raise CorruptFile(self.path, f"cannot read section {z}: {exc}") from exc
        return np.ascontiguousarray(plane, dtype=self.metadata.dtype)


class MrcReader(Reader):
    """MRC2014 and CCP4 files through mrcfile."""

    format_name = "mrc"
    priority = 60
    extra = "mrc"

    @classmethod
    def claims(cls, path: Path) -> bool:
        return path.is_file() and path.suffix.lower() in SUFFIXES

    def __init__(self, path: str | Path, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(path, limits)
        try:
            import mrcfile  # type: ignore[import-untyped]
        except ImportError:
            raise MissingExtra(self.path, self.format_name, "mrc") from None
        self._handle: Any = None
        with closed_on_failure(self, "MRC"):
            with warnings.catch_warnings():
                # mrcfile 1.5 sets an array's dtype, which NumPy 2.5 deprecates.
                warnings.simplefilter("ignore", DeprecationWarning)
                self._handle = mrcfile.mmap(self.path, mode="r", permissive=True)
            self._series = [self._map(self._handle)]
            self._original = _header_pairs(self._handle)

    @property
    def global_metadata(self) -> Pairs:
        """The header's fields named as Bio-Formats names them (``Grid size (X)``,
        ``Mean pixel value``...), then a FEI extended header's fields for the first
        section as ``Extended header|Microscope type``."""
        return self._original

    def _map(self, handle: Any) -> Series:
        data = handle.data
        if data is None:
            raise CorruptFile(self.path, "the file holds no data block")
        if data.ndim == 4:
            raise UnsupportedFormat(
                self.path,
                f"{data.shape[0]} volumes (a 4D map) cannot be mapped; use --reader bioformats",
            )
        if data.ndim == 2:
            data = data[np.newaxis]
        if data.dtype.kind == "c":
            raise UnsupportedFormat(self.path, "complex pixels cannot be mapped")
        voxel = handle.voxel_size

        def length(angstrom: float) -> Length | None:
            return Length(float(angstrom) * 1e-4) if angstrom and angstrom > 0 else None

        metadata = SeriesMetadata(
            name=self.path.name,
            size_x=int(data.shape[2]),
            size_y=int(data.shape[1]),
            size_z=int(data.shape[0]),
            size_c=1,
            size_t=1,
            pixel_type=PixelType.from_dtype(data.dtype.newbyteorder("=")),
            physical_size_x=length(voxel.x),
            physical_size_y=length(voxel.y),
            physical_size_z=length(voxel.z),
        )
        return _MrcSeries(self.path, metadata, data)

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


#: Header fields by Bio-Formats' names for them (MRCReader).
_NAMES = {
    "mx": ("Grid size (X)", "Grid size (Y)", "Grid size (Z)"),
    "cella": ("Cell size (X)", "Cell size (Y)", "Cell size (Z)"),
    "cellb": ("Alpha angle", "Beta angle", "Gamma angle"),
    "dmin": ("Minimum pixel value",),
    "dmax": ("Maximum pixel value",),
    "dmean": ("Mean pixel value",),
    "ispg": ("ISPG",),
    "exttyp": ("Extended header type",),
    "nversion": ("Format version",),
    "origin": ("X origin", "Y origin", "Z origin"),
    "rms": ("RMS deviation",),
    "nlabl": ("Number of useful labels",),
}


def _header_pairs(handle: Any) -> Pairs:
    header = handle.header
    found: list[tuple[str, Any]] = []
    for field, names in _NAMES.items():
        if field == "mx":
            values = [header.mx, header.my, header.mz]
        else:
            value = header[field]
            names_of = value.dtype.names
            values = [value[n] for n in names_of] if names_of else [value.item()]
        found += zip(names, values, strict=False)
    labels = [bytes(label).decode("latin-1").strip() for label in header.label]
    found += [(f"Label #{i:02d}", label) for i, label in enumerate(labels, 1) if label]
    found += _extended(handle)
    return pairs(found)


def _extended(handle: Any) -> list[tuple[str, Any]]:
    """A FEI1/FEI2 extended header's fields of the first section (mrcfile indexes them);
    reserved fields and binary blocks left out."""
    try:
        indexed = handle.indexed_extended_header
    except (AttributeError, ValueError):
        return []
    names = getattr(getattr(indexed, "dtype", None), "names", None)
    if not names or len(indexed) == 0:
        return []
    first = indexed[0]
    found: list[tuple[str, Any]] = []
    for name in names:
        if "reserved" in name or "Bitmask" in name or "Unused" in name:
            continue
        value = first[name]
        if isinstance(value, bytes):
            try:
                value = value.rstrip(b"\x00").decode("ascii")
            except UnicodeDecodeError:
                continue
        found.append((f"Extended header|{name}", value.item() if hasattr(value, "item") else value))
    return found
