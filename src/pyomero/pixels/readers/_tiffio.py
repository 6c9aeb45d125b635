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
from pyomero.pixels.readers._guards import what_is_wrong

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


# Bytes per value of each TIFF field type (TIFF 6 and BigTIFF).
_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
_TYPE_SIZES |= {16: 8, 17: 8, 18: 8}
_OFFSET_TAGS = {273: 279, 324: 325}  # StripOffsets -> StripByteCounts, TileOffsets -> ...


class _Truncated(Exception):
    def __init__(self, page: int, what: str) -> None:
        self.page = page
        self.what = what


def check_complete(path: Path) -> None:
    """Refuse a truncated TIFF before any reader guesses at what is left: every page
    (IFD), every tag value and every strip or tile must lie inside the file. The error
    names the first page cut off and, from the OME-XML when it survived, how many planes
    the file should hold; tifffile would otherwise drop the cut pages or the cut OME-XML
    and the rest would read as a smaller image."""
    size = path.stat().st_size
    try:
        with path.open("rb") as handle:
            _walk_ifds(handle, size)
    except _Truncated as cut:
        raise CorruptFile(path, _truncation_message(size, cut)) from None
    except (OSError, struct_error()):
        return  # unreadable structure: tifffile's own error names it


def _walk_ifds(handle: Any, size: int) -> int:
    """The number of pages; :class:`_Truncated` at the first one that is cut off."""
    import struct

    head = handle.read(16)
    order = "<" if head[:2] == b"II" else ">"
    big = head[2:4] in (b"+\x00", b"\x00+")
    count_fmt, entry_size, word = ("Q", 20, "Q") if big else ("H", 12, "I")
    inline = 8 if big else 4
    offset = struct.unpack(order + word, head[8:16] if big else head[4:8])[0]
    seen: set[int] = set()
    pages = 0
    while offset and offset not in seen:
        seen.add(offset)
        count_size = struct.calcsize(count_fmt)
        if offset + count_size > size:
            raise _Truncated(pages, "page")
        handle.seek(offset)
        (count,) = struct.unpack(order + count_fmt, handle.read(count_size))
        table_end = offset + count_size + count * entry_size + struct.calcsize(word)
        if table_end > size:
            raise _Truncated(pages, "page")
        table = handle.read(count * entry_size)
        (next_offset,) = struct.unpack(order + word, handle.read(struct.calcsize(word)))
        values: dict[int, list[int]] = {}
        for i in range(count):
            entry = table[i * entry_size : (i + 1) * entry_size]
            tag, kind = struct.unpack(order + "HH", entry[:4])
            (n,) = struct.unpack(order + word, entry[4 : 4 + struct.calcsize(word)])
            raw = entry[4 + struct.calcsize(word) :]
            nbytes = n * _TYPE_SIZES.get(kind, 1)
            if nbytes > inline:
                (where,) = struct.unpack(order + word, raw[: struct.calcsize(word)])
                if where + nbytes > size:
                    raise _Truncated(pages, "description" if tag == 270 else "page")
            if tag in _OFFSET_TAGS or tag in _OFFSET_TAGS.values():
                fmt = {3: "H", 4: "I", 16: "Q"}.get(kind)
                if fmt is None:
                    continue
                if nbytes > inline:
                    handle.seek(struct.unpack(order + word, raw[: struct.calcsize(word)])[0])
                    data = handle.read(nbytes)
                else:
                    data = raw[:nbytes]
                values[tag] = list(struct.unpack(order + fmt * n, data))
        for offsets_tag, counts_tag in _OFFSET_TAGS.items():
            starts, lengths = values.get(offsets_tag, []), values.get(counts_tag, [])
            if any(a + b > size for a, b in zip(starts, lengths, strict=False)):
                raise _Truncated(pages, "pixels")
        pages += 1
        offset = next_offset
    return pages


def _truncation_message(size: int, cut: _Truncated) -> str:
    where = f"truncated: the file ends at byte {size}"
    if cut.what == "description":
        return (
            f"{where}, inside its ImageDescription (the OME-XML or other metadata that says "
            "how its planes are arranged), so none of its planes can be placed"
        )
    part = "its pixel data" if cut.what == "pixels" else "its directory"
    kept = f"only the first {cut.page} are complete" if cut.page else "no page is complete"
    return f"{where}: plane (page) {cut.page + 1} is cut off in {part}, and any after it; {kept}"


def open_tiff(path: Path, **kwargs: Any) -> tifffile.TiffFile:
    """Open a TIFF, turning tifffile's failures into pixels errors naming the file; a
    truncated file is refused first (:func:`check_complete`)."""
    check_complete(path)
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
        raise CorruptFile(path, f"cannot decode pixel data: {what_is_wrong(exc)}") from exc


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
