"""Run by the large_image virtualenv's Python (no pyomero here): styled 3-channel JPEG
tiles of the benchmark OME-TIFF through ``large_image_source_tifffile``'s ``getTile``.

Usage: python large_image_tiles.py PATH WINDOWS_JSON COUNT THREADS MIX
(MIX: ``all`` levels drawn uniformly, or ``full`` resolution only). Prints JSON.
"""

import json
import random
import sys
import time
from concurrent.futures import ThreadPoolExecutor


def main() -> None:
    path, windows, count, threads, mix = sys.argv[1:6]
    import large_image_source_tifffile

    colors = ["#0000FF", "#00FF00", "#FF0000"]
    style = {
        "bands": [
            {"frame": c, "palette": ["#000000", colors[c]], "min": lo, "max": hi}
            for c, (lo, hi) in enumerate(json.loads(windows))
        ]
    }
    source = large_image_source_tifffile.open(
        path, style=json.dumps(style), encoding="JPEG", jpegQuality=90
    )
    meta = source.getMetadata()
    levels, size = meta["levels"], meta["tileWidth"]
    rng = random.Random(5)
    tiles = []
    for _ in range(int(count)):
        z = levels - 1 if mix == "full" else rng.randrange(levels)
        scale = 2 ** (levels - 1 - z)
        across = -(-meta["sizeX"] // scale // size)
        down = -(-meta["sizeY"] // scale // size)
        tiles.append((rng.randrange(max(across, 1)), rng.randrange(max(down, 1)), z))

    def work(tile):
        return source.getTile(*tile)

    for tile in tiles[:10]:
        work(tile)
    started = time.perf_counter()
    if int(threads) == 1:
        for tile in tiles:
            work(tile)
    else:
        with ThreadPoolExecutor(int(threads)) as pool:
            list(pool.map(work, tiles))
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "tiles": len(tiles),
                "seconds": seconds,
                "levels": levels,
                "jpeg": work(tiles[0])[:2] == b"\xff\xd8",
            }
        )
    )


if __name__ == "__main__":
    main()
