"""The pyramid writer: any :class:`~pyomero.pixels.contract.Series` in, an OME-Zarr
(NGFF 0.4) multiscale out, written once, streaming, with bounded memory.

The ``omero`` rendering block is the caller's (:data:`OmeroBlock`, a function of the
channel statistics): pixels knows no rendering rules. Without one the writer records only
what it knows, each channel's label, the file's colour and its min/max window.

Level 0 (and any level the source already has) is copied band by band: a band is one
chunk row tall and at most ``band_bytes`` wide, so memory grows with the image width at
worst, never with its area. Each further level is built from the previous level's
written chunks, four input chunks per output chunk. Channel min/max are computed from
level 0 while it is written. Everything goes to a hidden staging location that is
renamed into place at the end; on any failure the staging location is removed.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pyomero.pixels.contract import Series
from pyomero.pixels.errors import StoreExists, StoreWriteFailed
from pyomero.pixels.metadata import ChannelStats, Level, SeriesMetadata
from pyomero.pixels.ngff import WRITE_VERSION, multiscales
from pyomero.pixels.store.chunks import ArraySpec, ChunkArray
from pyomero.pixels.store.location import ChunkIO, Location

#: blosc + zstd level 5 with byte shuffle: chosen by measurement, see
#: docs/decisions/0002-pixel-store.md.
DEFAULT_CODEC: dict[str, Any] = {
    "id": "blosc",
    "cname": "zstd",
    "clevel": 3,
    "shuffle": 2,
    "blocksize": 0,
}
DEFAULT_CHUNK = 512


@dataclass(frozen=True)
class WriteOptions:
    """How a pyramid is written; the defaults are the documented choices."""

    chunk: int | None = None  # None: the source's tile size if 256-1024, else 512
    downsample: str = "mean"  # or "nearest" (always nearest for bit images)
    smallest_side: int = 256  # levels stop at the first whose longest side is <= this
    codec: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_CODEC))
    workers: int = 2  # threads encoding and writing chunks
    band_bytes: int = 64 * 1024 * 1024


@dataclass(frozen=True)
class WriteProgress:
    level: int
    levels: int
    planes_done: int
    planes_total: int


@dataclass(frozen=True)
class PyramidInfo:
    """What a finished write produced."""

    location: str
    levels: tuple[Level, ...]
    chunk: tuple[int, int]
    stats: tuple[ChannelStats, ...]
    ngff_version: str = WRITE_VERSION


Progress = Callable[[WriteProgress], None]
#: Builds the NGFF ``omero`` block from the channel min/max found while writing.
OmeroBlock = Callable[[tuple[ChannelStats, ...]], dict[str, Any]]


def known_omero_block(metadata: SeriesMetadata, stats: tuple[ChannelStats, ...]) -> dict[str, Any]:
    """The ``omero`` block of what the source says: labels, file colours, min/max windows."""
    channels = []
    for index, channel in enumerate(metadata.channels):
        entry: dict[str, Any] = {"label": channel.name or f"Channel {index + 1}"}
        if channel.color:
            entry["color"] = channel.color
        if index < len(stats):
            low, high = stats[index].min, stats[index].max
            entry["window"] = {"min": low, "max": high, "start": low, "end": high}
        channels.append(entry)
    return {"name": metadata.name, "version": WRITE_VERSION, "channels": channels}


def plan_levels(metadata: SeriesMetadata, smallest_side: int) -> list[tuple[int, int]]:
    """(height, width) of each level: the source's own levels, then halves (rounded up)
    until the longest side is <= ``smallest_side``."""
    sizes = [(lv.size_y, lv.size_x) for lv in metadata.levels]
    while max(sizes[-1]) > smallest_side:
        height, width = sizes[-1]
        sizes.append((math.ceil(height / 2), math.ceil(width / 2)))
    return sizes


def choose_chunk(metadata: SeriesMetadata, requested: int | None) -> tuple[int, int]:
    if requested:
        return (requested, requested)
    level = metadata.levels[0]
    if level.tile_width and level.tile_height:
        sides = (level.tile_height, level.tile_width)
        if all(256 <= s <= 1024 and s % 16 == 0 for s in sides):
            return sides
    return (DEFAULT_CHUNK, DEFAULT_CHUNK)


def downsample(block: NDArray[Any], method: str) -> NDArray[Any]:
    """Halve a block (rounding odd sides up): the mean of each 2 x 2 square, or its
    top-left pixel for ``nearest`` and for bit images."""
    if method == "nearest" or block.dtype == np.bool_:
        nearest: NDArray[Any] = block[::2, ::2]
        return nearest
    height, width = block.shape
    if height % 2 or width % 2:
        block = np.pad(block, ((0, height % 2), (0, width % 2)), mode="edge")
    work = np.float32 if block.dtype.itemsize <= 2 and block.dtype.kind in "iu" else np.float64
    sums = block.astype(work).reshape(block.shape[0] // 2, 2, block.shape[1] // 2, 2)
    mean = sums.mean(axis=(1, 3))
    if block.dtype.kind in "iu":
        mean = np.rint(mean)
    result: NDArray[Any] = mean.astype(block.dtype)
    return result


class _Stats:
    def __init__(self, size_c: int) -> None:
        self.low = [math.inf] * size_c
        self.high = [-math.inf] * size_c

    def update(self, c: int, data: NDArray[Any]) -> None:
        if data.dtype.kind == "f":
            if np.isnan(data).all():
                return
            low, high = float(np.nanmin(data)), float(np.nanmax(data))
        else:
            low, high = float(data.min()), float(data.max())
        self.low[c] = min(self.low[c], low)
        self.high[c] = max(self.high[c], high)

    def result(self) -> tuple[ChannelStats, ...]:
        return tuple(
            ChannelStats(lo if lo != math.inf else 0.0, hi if hi != -math.inf else 0.0)
            for lo, hi in zip(self.low, self.high, strict=True)
        )


class PyramidWriter:
    """One write of one series; use :func:`write_pyramid`."""

    def __init__(
        self,
        series: Series,
        io: ChunkIO,
        options: WriteOptions,
        progress: Progress | None,
        omero: OmeroBlock | None = None,
    ) -> None:
        self.series = series
        self.omero = omero
        self.meta = series.metadata
        self.io = io
        self.options = options
        self.progress = progress
        self.sizes = plan_levels(self.meta, options.smallest_side)
        self.chunk = choose_chunk(self.meta, options.chunk)
        self.stats = _Stats(self.meta.size_c)
        self.arrays = [self._create(index, size) for index, size in enumerate(self.sizes)]
        self.method = options.downsample

    def _create(self, index: int, size: tuple[int, int]) -> ChunkArray:
        meta = self.meta
        spec = ArraySpec(
            shape=(meta.size_t, meta.size_c, meta.size_z, *size),
            chunks=(1, 1, 1, *self.chunk),
            dtype=meta.dtype.newbyteorder("<"),
            compressor=self.options.codec,
        )
        self.io.put(f"{index}/.zarray", json.dumps(spec.to_zarray(), indent=1).encode())
        return ChunkArray(self.io, str(index), spec)

    def planes(self) -> Iterator[tuple[int, int, int]]:
        for t in range(self.meta.size_t):
            for c in range(self.meta.size_c):
                for z in range(self.meta.size_z):
                    yield t, c, z

    def run(self, executor: ThreadPoolExecutor) -> tuple[ChannelStats, ...]:
        self.io.put(".zgroup", json.dumps({"zarr_format": 2}).encode())
        kept = len(self.meta.levels)
        for level in range(len(self.sizes)):
            for done, (t, c, z) in enumerate(self.planes(), start=1):
                if level < kept:
                    self._copy_plane(executor, level, t, c, z)
                else:
                    self._reduce_plane(executor, level, t, c, z)
                if self.progress is not None:
                    self.progress(
                        WriteProgress(level, len(self.sizes), done, self.meta.plane_count)
                    )
        stats = self.stats.result()
        m = self.meta
        attrs = {
            "multiscales": multiscales(self.meta, self.sizes, self.method),
            "omero": self.omero(stats) if self.omero else known_omero_block(self.meta, stats),
            "pyomero": {
                "pixel_type": self.meta.pixel_type.value,
                "physical_sizes": [
                    None if size is None else size.micrometres
                    for size in (m.physical_size_x, m.physical_size_y, m.physical_size_z)
                ],
                "stats": [[s.min, s.max] for s in stats],
            },
        }
        self.io.put(".zattrs", json.dumps(attrs, indent=1).encode())
        return stats

    def _put(self, array: ChunkArray, index: tuple[int, ...], block: NDArray[Any]) -> None:
        if block.any():  # all-zero chunks are not stored: zarr reads them as the fill value
            array.write_chunk(index, block[None, None, None])

    def _copy_plane(self, executor: ThreadPoolExecutor, level: int, t: int, c: int, z: int) -> None:
        height, width = self.sizes[level]
        ch, cw = self.chunk
        itemsize = max(self.meta.dtype.itemsize, 1)
        piece = max(cw, self.options.band_bytes // (ch * itemsize) // cw * cw)
        array = self.arrays[level]
        for row in range(math.ceil(height / ch)):
            y, h = row * ch, min(ch, height - row * ch)
            for x0 in range(0, width, piece):
                band = self.series.read(level, t, c, z, y, x0, h, min(piece, width - x0))
                if level == 0:
                    self.stats.update(c, band)
                jobs = [
                    ((t, c, z, row, (x0 + x) // cw), band[:, x : x + cw])
                    for x in range(0, band.shape[1], cw)
                ]
                list(executor.map(lambda job: self._put(array, *job), jobs))

    def _reduce_plane(
        self, executor: ThreadPoolExecutor, level: int, t: int, c: int, z: int
    ) -> None:
        height, width = self.sizes[level]
        prev_h, prev_w = self.sizes[level - 1]
        ch, cw = self.chunk
        source, target = self.arrays[level - 1], self.arrays[level]

        def one(row: int, col: int) -> None:
            y, x = 2 * row * ch, 2 * col * cw
            h, w = min(2 * ch, prev_h - y), min(2 * cw, prev_w - x)
            block = source.read([(t, c, z)], y, x, h, w)[0]
            self._put(target, (t, c, z, row, col), downsample(block, self.method))

        for row in range(math.ceil(height / ch)):
            cols = range(math.ceil(width / cw))
            list(executor.map(lambda col, row=row: one(row, col), cols))


def write_pyramid(
    series: Series,
    where: str | Location,
    options: WriteOptions | None = None,
    progress: Progress | None = None,
    *,
    omero: OmeroBlock | None = None,
) -> PyramidInfo:
    """Write ``series`` as an OME-Zarr pyramid at ``where`` (a path or an fsspec URL).

    ``omero`` builds the rendering block from the channel statistics (the import use case
    passes OMERO's default settings). Nothing is left at ``where`` or beside it if the
    write fails.
    """
    options = options or WriteOptions()
    final = Location.of(where)
    if final.exists():
        raise StoreExists(final.url, "a store is already there; pixels are written once")
    staging = final.staging()
    try:
        writer = PyramidWriter(series, staging.io(), options, progress, omero)
        with ThreadPoolExecutor(max(1, options.workers)) as executor:
            stats = writer.run(executor)
        final.commit(staging)
    except BaseException as exc:
        staging.remove()
        if isinstance(exc, OSError):
            raise StoreWriteFailed(final.url, f"writing the pyramid failed: {exc}") from exc
        raise
    levels = tuple(Level(w, h, writer.chunk[1], writer.chunk[0]) for h, w in writer.sizes)
    return PyramidInfo(final.url, levels, writer.chunk, stats)
