"""Tile benchmarks in this process: pyomero's use case against the floor.

Both render the same random 512 x 512 JPEG tiles, spread over every resolution level
(a level uniformly at random, then a tile of it), with no tile cache.

- floor: read the three chunks from pyomero's store, look-up-table composite, JPEG
  encode, in a tight loop (what no tile server can beat on this store);
- pyomero: ``imaging.render_image_region`` as the view calls it: permission check,
  rendering settings from the database, ETag, read, render, encode.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from benchmarks import data

TILE = data.TILE


@dataclass(frozen=True)
class Rate:
    tiles: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.tiles / self.seconds

    @property
    def ms_per_tile(self) -> float:
        return 1000 * self.seconds / self.tiles


def random_tiles(
    count: int, levels: list[tuple[int, int]], seed: int = 5
) -> list[tuple[int, int, int]]:
    """(level, column, row) of ``count`` random tiles, levels drawn uniformly."""
    rng = random.Random(seed)
    tiles = []
    for _ in range(count):
        level = rng.randrange(len(levels))
        width, height = levels[level]
        tiles.append((level, rng.randrange(-(-width // TILE)), rng.randrange(-(-height // TILE))))
    return tiles


def run(
    work: Callable[[tuple[int, int, int]], object], tiles: list[tuple[int, int, int]], threads: int
) -> Rate:
    """Time ``work`` over ``tiles`` split between ``threads`` threads (after a warm-up)."""
    for tile in tiles[:20]:
        work(tile)
    started = time.perf_counter()
    if threads == 1:
        for tile in tiles:
            work(tile)
    else:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(work, tiles, chunksize=max(1, len(tiles) // (threads * 8))))
    return Rate(len(tiles), time.perf_counter() - started)


def floor_work(store_path: str) -> Callable[[tuple[int, int, int]], object]:
    from pyomero.imaging.rendering_defs import imported_settings  # noqa: F401 - Django up
    from pyomero.pixels import open_pyramid
    from pyomero.rendering import ChannelSettings, RenderSettings, encode_jpeg, render

    store = open_pyramid(store_path)
    stats = store.stats or ()
    settings = RenderSettings(
        tuple(
            ChannelSettings(True, s.min, s.max, color)
            for s, color in zip(stats, ("0000FF", "00FF00", "FF0000"), strict=True)
        )
    )
    levels = store.levels

    def work(tile: tuple[int, int, int]) -> bytes:
        level, column, row = tile
        lv = levels[level]
        x, y = column * TILE, row * TILE
        w, h = min(TILE, lv.size_x - x), min(TILE, lv.size_y - y)
        planes = store.read_channels(level, 0, [0, 1, 2], 0, y, x, h, w)
        rgb = render({0: planes[0], 1: planes[1], 2: planes[2]}, settings)
        return encode_jpeg(rgb, 0.9)

    return work


def pyomero_work(user_id: int, image_id: int) -> Callable[[tuple[int, int, int]], object]:
    from pyomero import imaging
    from pyomero.model.context import ALL_GROUPS, event_context
    from pyomero.rendering import parse_query

    ctx = event_context(user_id, ALL_GROUPS)

    def work(tile: tuple[int, int, int]) -> bytes | None:
        query = parse_query({"tile": ",".join(map(str, tile))})
        rendered = imaging.render_image_region(ctx, image_id, query, 0, 0, use_cache=False)
        return rendered.body

    return work
