"""tifffile behind one wall: opening, sniffing, and region reads that decode only the
tiles or strips a region covers.

A region read asks tifffile's page for its segment decoder (the same function tifffile's
own zarr store uses), reads just the segments that intersect the region and copies the
intersections out. Strips work the same way: a strip is a segment as wide as the image.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import tifffile
from numpy.typing import NDArray

from pyomero.pixels.errors import CorruptFile, PixelsError, UnsupportedFormat
from pyomero.pixels.metadata import PixelType

TIFF_MAGICS = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")

Page = tifffile.TiffPage | tifffile.TiffFrame


def is_tiff(path: Path) -> bool:
    """Whether the file starts with a classic or BigTIFF header."""
    if not path.is_file():
        return False
    try:
        with path.open("rb") as handle:
            return handle.read(4) in TIFF_MAGICS
    except OSError:
        return False


def first_description(path: Path) -> str:
    """The ImageDescription of the first page ('' if none or unreadable), cheaply."""
    try:
        with tifffile.TiffFile(path, _multifile=False) as tif:
            page = tif.pages.first
            return str(page.description or "")
    except Exception:
        return ""


def open_tiff(path: Path, **kwargs: Any) -> tifffile.TiffFile:
    """Open a TIFF, turning tifffile's failures into pixels errors naming the file."""
    try:
        return tifffile.TiffFile(path, **kwargs)
    except tifffile.TiffFileError as exc:
        raise CorruptFile(path, f"not a readable TIFF: {exc}") from exc
    except (ValueError, IndexError, KeyError, struct_error()) as exc:
        raise CorruptFile(path, f"broken TIFF structure: {exc}") from exc
    except OSError as exc:
        raise CorruptFile(path, f"cannot read the file: {exc}") from exc


def struct_error() -> type[Exception]:
    import struct

    return struct.error


@contextmanager
def decoding(path: Path) -> Iterator[None]:
    """Map any decoding failure to :class:`CorruptFile`."""
    try:
        yield
    except PixelsError:
        raise
    except MemoryError:
        raise
    except Exception as exc:
        raise CorruptFile(path, f"cannot decode pixel data: {exc!r}") from exc


def pixel_type_of(path: Path, dtype: np.dtype[Any] | None) -> PixelType:
    if dtype is None:
        raise UnsupportedFormat(path, "the TIFF's sample format is not supported")
    try:
        return PixelType.from_dtype(dtype)
    except ValueError as exc:
        raise UnsupportedFormat(path, str(exc)) from exc


def check_segments(path: Path, pages: Sequence[Page | None]) -> None:
    """Refuse a truncated file: every segment of these pages must lie inside it."""
    for page in pages:
        if page is None:
            continue
        handle = page.parent.filehandle
        size = handle.size
        offsets = page.dataoffsets
        counts = page.databytecounts
        if offsets and max(o + n for o, n in zip(offsets, counts, strict=False)) > size:
            where = "" if Path(handle.path) == path else f" of {Path(handle.path).name}"
            raise CorruptFile(
                path,
                f"truncated: pixel data ends past the end of the file{where} ({size} bytes)",
            )


class PageReader:
    """Region reads from one page (tiled or striped), one sample at a time."""

    def __init__(self, path: Path, page: Page, lock: threading.RLock) -> None:
        self.path = path
        self.page = page
        key = page.keyframe
        if key is None:
            raise CorruptFile(path, "a TIFF page has no key frame")
        self.key: tifffile.TiffPage = key
        self.lock = lock
        self.tiled = bool(key.is_tiled)
        self.seg_h = int(key.tilelength if self.tiled else min(key.rowsperstrip, key.imagelength))
        self.seg_w = int(key.tilewidth if self.tiled else key.imagewidth)
        self.rows = math.ceil(key.imagelength / self.seg_h)
        self.cols = math.ceil(key.imagewidth / self.seg_w)
        self.separate = key.planarconfig == 2 and key.samplesperpixel > 1
        self.samples = int(key.samplesperpixel)
        self.dtype = np.dtype(key.dtype) if key.dtype is not None else np.dtype("uint8")

    def read(self, sample: int, y: int, x: int, h: int, w: int) -> NDArray[Any]:
        out = np.zeros((h, w), dtype=self.dtype)
        r0, r1 = y // self.seg_h, (y + h - 1) // self.seg_h
        c0, c1 = x // self.seg_w, (x + w - 1) // self.seg_w
        base = sample * self.rows * self.cols if self.separate else 0
        indices = [base + r * self.cols + c for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]
        page = self.page
        fh = page.parent.filehandle
        decode: Callable[..., Any] = self.key.decode
        kwargs: dict[str, Any] = {"_fullsize": self.tiled}
        if self.key.compression in {6, 7, 34892, 33007}:
            kwargs["jpegtables"] = page.jpegtables
            kwargs["jpegheader"] = self.key.jpegheader
        with decoding(self.path):
            offsets = [page.dataoffsets[i] for i in indices]
            counts = [page.databytecounts[i] for i in indices]
            with self.lock:
                if fh.closed:  # a file of a multi-file set, closed by tifffile after parsing
                    fh.open()
                segments = list(
                    fh.read_segments(offsets, counts, indices, sort=True, lock=self.lock)
                )
            for data, index in segments:
                segment, position, _shape = decode(data, index, **kwargs)
                if segment is None:
                    continue
                self._paste(out, segment, position, sample, y, x, h, w)
        return out

    def _paste(
        self,
        out: NDArray[Any],
        segment: NDArray[Any],
        position: tuple[int, ...],
        sample: int,
        y: int,
        x: int,
        h: int,
        w: int,
    ) -> None:
        # segment shape: (depth, length, width, contig samples); position likewise with
        # the separate-sample index first.
        sy, sx = int(position[2]), int(position[3])
        plane = segment[0, :, :, 0 if self.separate else sample]
        ys, ye = max(y, sy), min(y + h, sy + plane.shape[0])
        xs, xe = max(x, sx), min(x + w, sx + plane.shape[1])
        if ys < ye and xs < xe:
            out[ys - y : ye - y, xs - x : xe - x] = plane[ys - sy : ye - sy, xs - sx : xe - sx]
