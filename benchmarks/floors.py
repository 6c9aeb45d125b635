"""Floors that are not pyomero's store: the zlib OME-TIFF (what large_image reads),
and thumbnails rendered in a tight loop."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from benchmarks import data


def tiff_floor_work(
    path: Path, windows: list[tuple[float, float]]
) -> Callable[[tuple[int, int, int]], object]:
    """Read and decode the three zlib tiles of the OME-TIFF, composite, encode."""
    import tifffile

    from pyomero.rendering import ChannelSettings, RenderSettings, encode_jpeg, render

    tif = tifffile.TiffFile(path)
    levels = tif.series[0].levels
    fd = os.open(path, os.O_RDONLY)  # pread: safe from several threads
    settings = RenderSettings(
        tuple(
            ChannelSettings(True, lo, hi, color)
            for (lo, hi), color in zip(windows, ("0000FF", "00FF00", "FF0000"), strict=True)
        )
    )

    def work(tile: tuple[int, int, int]) -> bytes:
        level, column, row = tile
        series = levels[level]
        planes = {}
        for c in range(3):
            page = series.pages[c]
            across = -(-series.shape[-1] // data.TILE)
            index = row * across + column
            raw = os.pread(fd, page.databytecounts[index], page.dataoffsets[index])
            decoded = page.keyframe.decode(raw, index)[0]
            planes[c] = np.asarray(decoded).reshape(data.TILE, data.TILE)
        return encode_jpeg(render(planes, settings), 0.9)

    return work


def thumbnail_floor(stores: list[Path]) -> float:
    """Seconds to render the default thumbnail of every store in a tight loop."""
    import time

    from pyomero.imaging.render import resize
    from pyomero.pixels import open_pyramid
    from pyomero.rendering import ChannelSettings, RenderSettings, encode_jpeg, render

    opened = [open_pyramid(where) for where in stores]
    started = time.perf_counter()
    for store in opened:
        stats = store.stats or ()
        settings = RenderSettings(tuple(ChannelSettings(True, s.min, s.max) for s in stats))
        level = store.levels[-1]
        planes = store.read_channels(
            len(store.levels) - 1, 0, [0, 1, 2], 0, 0, 0, level.size_y, level.size_x
        )
        rgb = render(dict(enumerate(planes)), settings)
        encode_jpeg(resize(rgb, 96, 96), 0.9)
    return time.perf_counter() - started
