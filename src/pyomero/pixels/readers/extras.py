"""Readers that need an optional package: Nikon ND2 (``nd2``). Each is installed with a
pip extra; without it, opening such a file raises
:class:`~pyomero.pixels.errors.MissingExtra` naming the extra to install.
"""

from __future__ import annotations

import importlib
import mmap
import struct
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from math import prod
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pyomero.pixels.contract import DEFAULT_LIMITS, Limits, Reader, Series
from pyomero.pixels.errors import CorruptFile, MissingExtra, UnsupportedFormat
from pyomero.pixels.metadata import Channel, Length, Objective, PixelType, SeriesMetadata
from pyomero.pixels.original import Pairs, pairs, text_lines, tree
from pyomero.pixels.readers._guards import DAMAGED, closed_on_failure, plane_errors

Region = Callable[[int, int, int, int, int, int, int], NDArray[Any]]


def require(path: Path, module: str, format_name: str, extra: str) -> ModuleType:
    """Import the optional ``module`` or raise :class:`MissingExtra` for ``path``."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(path, format_name, extra) from None


class FunctionSeries(Series):
    """A series whose region reads are delegated to a function of (t, c, z, y, x, h, w)."""

    def __init__(
        self, path: Path, metadata: SeriesMetadata, region: Region, number: int = 0
    ) -> None:
        super().__init__(path, metadata)
        self._region = region
        self._number = number
        self._lock = threading.Lock()

    def _read(
        self, level: int, t: int, c: int, z: int, y: int, x: int, h: int, w: int
    ) -> NDArray[Any]:
        where = f"cannot decode pixel data of plane {_plane(z, c, t, self._number)}"
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


def _plane(z: int, c: int | str, t: int, series: int) -> str:
    return f"z={z}, c={c}, t={t}, series {series}"


def _sizes(dims: dict[str, int]) -> dict[str, int]:
    return {axis: int(dims.get(axis, 1)) for axis in "XYZCT"}


#: The ND2 loops pyomero maps, in the order of a frame's key: positions (series), time
#: points, Z sections and, in files that loop over them, channels.
_LOOPS = ("P", "T", "Z", "C")
#: Every chunk of an ND2 begins with this magic number, its name's length and its data's.
_ND2_CHUNK = struct.Struct("<IIQ")
_ND2_MAGIC = 0x0ABECEDA


class Nd2Reader(ExtraReader):
    """Nikon ND2 through the ``nd2`` package; positions (P) are series.

    ``nd2`` reads a frame its chunk map lacks, or one the file ends before, as zeros
    without a word; so every frame the dimensions imply is checked against the file's
    frame index when the file is opened (:func:`_check_frames`), and a missing or
    misplaced one fails the import naming its plane."""

    format_name = "nikon-nd2"
    priority = 60
    extra = "nd2"
    suffixes = (".nd2",)
    module = "nd2"

    @property
    def global_metadata(self) -> Pairs:
        """The text info (its description's ``Key: value`` lines by key, as Bio-Formats
        names them), then ``TextInfo|``, ``Metadata|``, ``Experiment|`` and the raw
        ``ImageMetadataLV|...`` blocks of ``nd2``, flattened."""
        return self._original

    def _open(self, lib: ModuleType) -> list[Series]:
        handle = self._handle = lib.ND2File(self.path)
        self._original = _nd2_original(handle)
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
        positions = int(sizes.get("P", 1))
        looped = tuple(axis for axis in _LOOPS if any(axis in loop for loop in loops))
        frames = {tuple(loop.get(a, 0) for a in looped): i for i, loop in enumerate(loops)}
        frames = frames or {(): 0}  # no experiment: one frame
        _check_loops(self.path, looped, frames, {**size, "P": positions})
        _check_frames(self.path, handle, loops, 1 if "C" in looped else size["C"])
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
                at = {"P": position, "T": t, "Z": z, "C": c}
                frame = np.asarray(handle.read_frame(frames[tuple(at[a] for a in looped)]))
                if rgb:
                    return frame[y : y + h, x : x + w, c]
                if frame.ndim == 3:
                    return frame[c, y : y + h, x : x + w]
                return frame[y : y + h, x : x + w]

            return region

        found: list[Series] = []
        for position in range(positions):
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
                objective=_nd2_objective(meta_channels),
            )
            found.append(FunctionSeries(self.path, metadata, region_for(position), position))
        return found


def _nd2_original(handle: Any) -> Pairs:
    info = dict(handle.text_info or {})
    found: list[tuple[str, Any]] = list(text_lines(str(info.get("description", ""))))
    found += tree(info, "TextInfo")
    found += tree(handle.metadata, "Metadata")
    found += tree(list(handle.experiment or []), "Experiment")
    found += tree(handle.unstructured_metadata())
    return pairs(found)


def _nd2_objective(channels: Sequence[Any]) -> Objective | None:
    """The objective of the first channel (ND2 keeps one per channel, all the same)."""
    scope = getattr(channels[0], "microscope", None) if channels else None
    if scope is None:
        return None
    found = Objective(
        model=scope.objectiveName or None,
        nominal_magnification=float(scope.objectiveMagnification)
        if scope.objectiveMagnification
        else None,
        lens_na=float(scope.objectiveNumericalAperture)
        if scope.objectiveNumericalAperture
        else None,
    )
    return found or None


def _check_loops(
    path: Path, looped: tuple[str, ...], frames: Mapping[tuple[int, ...], int], size: dict[str, int]
) -> None:
    """Refuse an experiment whose loops and the images' sizes disagree: a loop longer
    than its axis would leave frames unread, a shorter one planes without a frame."""
    counts = {axis: 1 + max((key[i] for key in frames), default=0) for i, axis in enumerate(looped)}
    for axis in _LOOPS:
        wanted = size[axis] if axis in looped or axis != "C" else 1
        if counts.get(axis, 1) != wanted:
            raise UnsupportedFormat(
                path,
                f"the experiment's {axis} loop has {counts.get(axis, 1)} steps but the image "
                f"{wanted}; use --reader bioformats",
            )
    if len(frames) != prod(counts.values()):
        raise CorruptFile(path, f"the experiment's loops repeat a frame: {DAMAGED}")


def _check_frames(
    path: Path, handle: Any, loops: Sequence[Mapping[str, int]], per_frame: int
) -> None:
    """Refuse a file whose frame index lacks, or misplaces, a frame its loops imply.

    ``nd2`` reads such a frame as zeros without a word. Each frame ``i`` must have an
    ``ImageDataSeq|i!`` entry in the chunk map, a chunk of that name where the entry
    points, and all its bytes, where ``nd2`` reads them, inside the chunk and the file."""
    index = _library_index(path, handle)
    count = max(len(loops), 1)
    if handle.is_legacy:  # JPEG 2000 ND2: one LUNK chunk per frame and channel
        lunks = len(index.chunkmap.get(b"LUNK", ())) // max(handle.attributes.channelCount or 1, 1)
        damaged = [(i, "is not in the file's frame index") for i in range(lunks, count)]
    else:
        damaged = list(_damaged_frames(path, handle, index, count))
    if damaged:
        first, what = damaged[0]
        at = loops[first] if loops else {}
        c: int | str = at.get("C", 0) if per_frame == 1 else f"0..{per_frame - 1}"
        plane = _plane(at.get("Z", 0), c, at.get("T", 0), at.get("P", 0))
        more = f" (and {len(damaged) - 1} more frames)" if len(damaged) > 1 else ""
        raise CorruptFile(path, f"plane {plane} (frame {first}) {what}{more}: {DAMAGED}")


@dataclass(frozen=True)
class _Nd2Index:
    chunkmap: Mapping[bytes, Any]  # chunk name -> (offset, size); LUNK -> offsets (legacy)
    data_offsets: Mapping[int, int]  # frame -> where nd2 reads its pixels (modern files)


def _library_index(path: Path, handle: Any) -> _Nd2Index:
    """The frame index ``nd2`` reads from: its chunk map and its frames' data offsets.

    ``nd2`` keeps both on its reader object, not in its public API; a version that moved
    them is reported as such, never read unchecked."""
    reader = getattr(handle, "_rdr", None)
    chunkmap = getattr(reader, "chunkmap", None)
    offsets = {} if handle.is_legacy else getattr(reader, "_frame_offsets", None)
    if not isinstance(chunkmap, Mapping) or not isinstance(offsets, Mapping):
        version = getattr(importlib.import_module("nd2"), "__version__", "?")
        raise UnsupportedFormat(
            path,
            f"nd2 {version} does not expose the frame index pyomero checks "
            "(pip install 'nd2>=0.12,<1'), or use --reader bioformats",
        )
    return _Nd2Index(chunkmap, offsets)


def _damaged_frames(
    path: Path, handle: Any, index: _Nd2Index, count: int
) -> Iterator[tuple[int, str]]:
    attributes = handle.attributes
    row = attributes.widthBytes or (
        attributes.widthPx * attributes.componentCount * attributes.bitsPerComponentInMemory // 8
    )
    frame_bytes = attributes.heightPx * row
    compressed = attributes.compressionType == "lossless"
    with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
        end = len(data)
        for i in range(count):
            name = f"ImageDataSeq|{i}!".encode()
            entry = index.chunkmap.get(name)
            if entry is None:
                yield i, "is not in the file's frame index"
                continue
            offset = int(entry[0])
            if offset + _ND2_CHUNK.size + len(name) > end:
                yield i, "lies beyond the end of the file"
                continue
            magic, name_length, data_length = _ND2_CHUNK.unpack_from(data, offset)
            start = offset + _ND2_CHUNK.size
            if magic != _ND2_MAGIC or data[start : start + len(name)] != name:
                yield i, "is not where the file's frame index points"
                continue
            start += name_length
            if start + data_length > end:
                yield i, "ends beyond the end of the file"
                continue
            read_at = index.data_offsets.get(i, start)
            if not compressed and not start <= read_at <= start + data_length - frame_bytes:
                yield i, f"holds fewer than the {frame_bytes} bytes of a frame"
