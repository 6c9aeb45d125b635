"""DICOM images through ``pydicom`` (the one module that uses it), frames decoded with
imagecodecs.

Whole-slide images (VL Whole Slide Microscopy, frames tiling the total pixel matrix row by
row, ``TILED_FULL``) and single-frame images are read as Bio-Formats reads them: one
series, RGB as three unnamed channels, the pixel spacing (mm) as µm. A region decodes only
the frames it covers, read from the file one at a time. Sparse tilings, several focal
planes or optical paths, and transfer syntaxes other than native and JPEG baseline are
refused with a line naming them (Bio-Formats reads those).
"""

from __future__ import annotations

import math
import threading
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np
from numpy.typing import NDArray

from pyomero.pixels.contract import DEFAULT_LIMITS, Limits, Reader, Series
from pyomero.pixels.errors import CorruptFile, MissingExtra, UnsupportedFormat
from pyomero.pixels.metadata import Channel, Length, PixelType, SeriesMetadata
from pyomero.pixels.original import MAX_PAIRS, pairs
from pyomero.pixels.readers._guards import closed_on_failure

#: Transfer syntaxes read here: native (uncompressed) and JPEG baseline.
_NATIVE = {"1.2.840.10008.1.2", "1.2.840.10008.1.2.1"}
_JPEG = {"1.2.840.10008.1.2.4.50"}


def _is_dicom(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            handle.seek(128)
            return handle.read(4) == b"DICM"
    except OSError:
        return False


class _DicomSeries(Series):
    def __init__(self, reader: DicomReader, metadata: SeriesMetadata) -> None:
        super().__init__(reader.path, metadata)
        self._reader = reader

    def _read(
        self, level: int, t: int, c: int, z: int, y: int, x: int, h: int, w: int
    ) -> NDArray[Any]:
        reader = self._reader
        out = np.zeros((h, w), dtype=self.metadata.dtype)
        th, tw = reader.tile
        for row in range(y // th, (y + h - 1) // th + 1):
            for column in range(x // tw, (x + w - 1) // tw + 1):
                tile = reader.frame(row * reader.columns + column)
                ty, tx = row * th, column * tw
                ys, ye = max(y, ty), min(y + h, ty + th)
                xs, xe = max(x, tx), min(x + w, tx + tw)
                part = tile[ys - ty : ye - ty, xs - tx : xe - tx]
                out[ys - y : ye - y, xs - x : xe - x] = part[..., c] if part.ndim == 3 else part
        return out


class DicomReader(Reader):
    """DICOM whole-slide and single-frame images."""

    format_name = "dicom"
    priority = 60
    extra = "dicom"

    @classmethod
    def claims(cls, path: Path) -> bool:
        return path.is_file() and (path.suffix.lower() in (".dcm", ".dicom") or _is_dicom(path))

    def __init__(self, path: str | Path, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(path, limits)
        try:
            import pydicom
        except ImportError:
            raise MissingExtra(self.path, self.format_name, "dicom") from None
        self._lock = threading.Lock()
        self._file: IO[bytes] | None = None
        with closed_on_failure(self, "DICOM"):
            data = pydicom.dcmread(self.path, defer_size=1024)
            self._series = [self._map(data)]
            self._file = self.path.open("rb")

    def _map(self, data: Any) -> Series:
        syntax = str(data.file_meta.TransferSyntaxUID)
        if syntax not in _NATIVE | _JPEG:
            raise UnsupportedFormat(
                self.path,
                f"transfer syntax {syntax} is not read here; use --reader bioformats",
            )
        frames = int(data.get("NumberOfFrames", 1) or 1)
        rows, cols = int(data.Rows), int(data.Columns)
        height = int(data.get("TotalPixelMatrixRows", rows) or rows)
        width = int(data.get("TotalPixelMatrixColumns", cols) or cols)
        self.tile = (rows, cols)
        self.columns = math.ceil(width / cols)
        tiles = self.columns * math.ceil(height / rows)
        organisation = str(data.get("DimensionOrganizationType", "") or "")
        if organisation == "TILED_SPARSE" or "PerFrameFunctionalGroupsSequence" in data:
            raise UnsupportedFormat(self.path, "a sparse tiling cannot be mapped here")
        if frames != tiles:
            what = "focal planes or optical paths" if frames > tiles else "missing tiles"
            raise UnsupportedFormat(
                self.path,
                f"{frames} frames for {tiles} tiles ({what}) cannot be mapped; "
                "use --reader bioformats",
            )
        samples = int(data.get("SamplesPerPixel", 1))
        bits = int(data.BitsAllocated)
        signed = int(data.get("PixelRepresentation", 0)) == 1
        dtype = np.dtype(f"{'i' if signed else 'u'}{bits // 8}")
        self._frames = frames
        self._syntax = syntax
        self._samples = samples
        self._dtype = dtype
        self._offset = int(data.get_item(0x7FE00010).file_tell)
        self._planar = int(data.get("PlanarConfiguration", 0) or 0)
        spacing = _spacing(data)
        metadata = SeriesMetadata(
            name=self.path.name,
            size_x=width,
            size_y=height,
            size_z=1,
            size_c=samples,
            size_t=1,
            pixel_type=PixelType.from_dtype(dtype),
            physical_size_x=Length(spacing[1] * 1e3) if spacing else None,
            physical_size_y=Length(spacing[0] * 1e3) if spacing else None,
            channels=tuple(Channel() for _ in range(samples)),
            original=_original(data),
        )
        return _DicomSeries(self, metadata)

    def frame(self, index: int) -> NDArray[Any]:
        """Frame ``index`` decoded: (rows, columns) or (rows, columns, samples)."""
        from pydicom.encaps import get_frame

        rows, cols = self.tile
        with self._lock:
            handle = self._file
            if handle is None:
                raise CorruptFile(self.path, "the file is closed")
            try:
                if self._syntax in _JPEG:
                    import imagecodecs

                    handle.seek(self._offset)
                    return np.asarray(
                        imagecodecs.jpeg8_decode(
                            get_frame(handle, index, number_of_frames=self._frames)
                        )
                    )
                size = rows * cols * self._samples * self._dtype.itemsize
                handle.seek(self._offset + index * size)
                flat = np.frombuffer(handle.read(size), dtype=self._dtype.newbyteorder("<"))
            except Exception as exc:
                raise CorruptFile(self.path, f"cannot decode frame {index}: {exc}") from exc
        if self._samples == 1:
            return flat.reshape(rows, cols)
        if self._planar:
            return np.moveaxis(flat.reshape(self._samples, rows, cols), 0, -1)
        return flat.reshape(rows, cols, self._samples)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    @property
    def files(self) -> tuple[Path, ...]:
        return (self.path,)

    @property
    def series(self) -> Sequence[Series]:
        return self._series


def _spacing(data: Any) -> tuple[float, float] | None:
    """(row, column) pixel spacing in mm, from the shared functional groups or the top."""
    groups = data.get("SharedFunctionalGroupsSequence")
    if groups:
        measures = groups[0].get("PixelMeasuresSequence")
        if measures and measures[0].get("PixelSpacing"):
            row, column = measures[0].PixelSpacing
            return float(row), float(column)
    if data.get("PixelSpacing"):
        row, column = data.PixelSpacing
        return float(row), float(column)
    return None


#: Value representations of binary blocks: no meaning as text.
_BINARY = {"OB", "OW", "OF", "OD", "OL", "OV", "UN"}


def _original(data: Any) -> tuple[tuple[str, str], ...]:
    with warnings.catch_warnings():  # pydicom warns of values longer than their VR allows
        warnings.simplefilter("ignore", UserWarning)
        return pairs(_tags(data.file_meta) + _tags(data))


def _tags(data: Any, prefix: str = "", depth: int = 0) -> list[tuple[str, Any]]:
    """A dataset's elements by keyword (``Modality``), a private or unknown one by its tag
    (``(0009,0010)``); a sequence's items as ``Sequence #1|Keyword``; pixel data and
    binary values left out."""
    found: list[tuple[str, Any]] = []
    for element in data:
        if element.tag == 0x7FE00010 or element.VR in _BINARY or len(found) >= MAX_PAIRS:
            continue
        name = element.keyword or f"({element.tag.group:04X},{element.tag.element:04X})"
        key = f"{prefix}{name}"
        if element.VR == "SQ":
            if depth < 4:
                for number, item in enumerate(element.value, 1):
                    found += _tags(item, f"{key} #{number}|", depth + 1)
            continue
        value = element.value
        if value is None or value == "":
            continue
        found.append((key, list(value) if element.VM > 1 else str(value)))
    return found
