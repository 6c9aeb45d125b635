"""The benchmark's pixels: a 16-bit, 3-channel, microscopy-like synthetic image.

Structure (smooth blobs that differ per channel) plus hash noise, so chunks compress
and decode like real fluorescence data rather than like a ramp. Values are a pure
function of (c, y, x): the pyomero store and the OME-TIFF hold the same pixels. Both
are written once into the benchmark directory and reused by later runs.
"""

from __future__ import annotations

import math
import os
import time
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pyomero.pixels import Length, PixelType, SeriesMetadata, WriteOptions, write_pyramid
from pyomero.pixels.contract import Series
from pyomero.pixels.metadata import Channel

SIZE = 16_384
CHANNELS = 3
TILE = 512


def bench_dir() -> Path:
    root = Path(os.environ.get("PYOMERO_BENCH_DIR", "/tmp/pyomero-bench"))
    root.mkdir(parents=True, exist_ok=True)
    return root


def values(c: int, y: int, x: int, h: int, w: int) -> NDArray[np.uint16]:
    """The pixels of channel ``c`` in the region (y, x, h, w)."""
    ys = np.arange(y, y + h, dtype=np.float32)
    xs = np.arange(x, x + w, dtype=np.float32)
    sy = np.sin(ys / (97.0 + 31 * c) + c) * 0.5 + 0.5
    sx = np.cos(xs / (113.0 + 17 * c) - c) * 0.5 + 0.5
    structure = np.outer(sy, sx) ** 3 * (9000.0 + 4000 * c) + 300.0
    yy = np.arange(y, y + h, dtype=np.uint32)[:, None]
    xx = np.arange(x, x + w, dtype=np.uint32)[None, :]
    mixed = (yy * np.uint32(73856093)) ^ (xx * np.uint32(19349663)) ^ np.uint32(83492791 * (c + 1))
    mixed = mixed * np.uint32(2654435761)
    noise = (mixed >> np.uint32(20)).astype(np.float32)  # 0..4095
    result = structure + noise * np.sqrt(structure) / 256.0
    return np.clip(result, 0, 65535).astype(np.uint16)


class BenchSeries(Series):
    """A :class:`Series` of :func:`values`: one T, one Z."""

    def _read(
        self, level: int, t: int, c: int, z: int, y: int, x: int, h: int, w: int
    ) -> NDArray[Any]:
        return values(c, y, x, h, w)


class ShiftedSeries(BenchSeries):
    """The same kind of pixels, from another place of the pattern (other images)."""

    def __init__(self, path: Path, metadata: SeriesMetadata, shift: int) -> None:
        super().__init__(path, metadata)
        self.shift = shift

    def _read(
        self, level: int, t: int, c: int, z: int, y: int, x: int, h: int, w: int
    ) -> NDArray[Any]:
        return values(c, y + self.shift, x + 2 * self.shift, h, w)


def metadata(size: int = SIZE) -> SeriesMetadata:
    return SeriesMetadata(
        name="benchmark",
        size_x=size,
        size_y=size,
        size_z=1,
        size_c=CHANNELS,
        size_t=1,
        pixel_type=PixelType.UINT16,
        physical_size_x=Length(0.25),
        physical_size_y=Length(0.25),
        channels=tuple(
            Channel(name=name, emission_wavelength=Length(wave, "nm"))
            for name, wave in (("DAPI", 460.0), ("GFP", 510.0), ("RFP", 610.0))
        ),
    )


def ensure_pyramid(size: int = SIZE) -> Path:
    """The pyomero store of the benchmark image (written on first use)."""
    where = bench_dir() / f"bench-{size}.ome.zarr"
    if not where.exists():
        started = time.perf_counter()
        print(f"writing the {size}^2 x {CHANNELS} pyramid to {where} (once) ...", flush=True)
        series = BenchSeries(where, metadata(size))
        write_pyramid(series, where, WriteOptions(chunk=TILE))
        print(f"  done in {time.perf_counter() - started:.0f} s", flush=True)
    return where


def ensure_ome_tiff(size: int = SIZE) -> Path:
    """The same pixels as a tiled, zlib-compressed pyramidal OME-TIFF (SubIFDs)."""
    import tifffile

    from pyomero.pixels import open_pyramid

    where = bench_dir() / f"bench-{size}.ome.tif"
    if where.exists():
        return where
    store = open_pyramid(ensure_pyramid(size))
    levels = store.levels
    started = time.perf_counter()
    print(f"writing the same pixels as a pyramidal OME-TIFF to {where} (once) ...", flush=True)
    partial = where.with_suffix(".partial")

    def tiles(level: int) -> Any:
        lv = levels[level]
        for c in range(CHANNELS):
            for y in range(0, lv.size_y, TILE):
                for x in range(0, lv.size_x, TILE):
                    h, w = min(TILE, lv.size_y - y), min(TILE, lv.size_x - x)
                    block = store.read(level, 0, c, 0, y, x, h, w)
                    if block.shape != (TILE, TILE):
                        block = np.pad(block, ((0, TILE - h), (0, TILE - w)))
                    yield block

    options: dict[str, Any] = {
        "tile": (TILE, TILE),
        "compression": "zlib",
        "photometric": "minisblack",
        "dtype": np.uint16,
    }
    with tifffile.TiffWriter(partial, bigtiff=True, ome=True) as tw:
        first = levels[0]
        tw.write(
            tiles(0),
            shape=(CHANNELS, first.size_y, first.size_x),
            subifds=len(levels) - 1,
            metadata={"axes": "CYX", "Channel": {"Name": ["DAPI", "GFP", "RFP"]}},
            **options,
        )
        for level in range(1, len(levels)):
            lv = levels[level]
            tw.write(tiles(level), shape=(CHANNELS, lv.size_y, lv.size_x), subfiletype=1, **options)
    partial.rename(where)
    print(f"  done in {time.perf_counter() - started:.0f} s", flush=True)
    return where


def level_count(size: int = SIZE) -> int:
    return 1 + max(0, math.ceil(math.log2(size / 256)))


if __name__ == "__main__":
    ensure_ome_tiff()
