"""``python -m benchmarks`` (or ``benchmarks/run``): issue 5's tile benchmark.

Prints one table: each measurement next to its baseline measured in the same run, and
the ratio. Data (a 16,384^2 x 3 uint16 pyramid, the same pixels as a pyramidal
OME-TIFF, 200 small images) is written once under ``$PYOMERO_BENCH_DIR``
(``/tmp/pyomero-bench``); large_image runs in its own virtualenv,
``benchmarks/.venv-large-image``, built on first use.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import data

HERE = Path(__file__).resolve().parent
LARGE_IMAGE_VENV = HERE / ".venv-large-image"
LARGE_IMAGE_PACKAGES = ["large-image", "large-image-source-tifffile", "tifffile<2025", "zarr<3"]


def large_image_python() -> Path:
    python = LARGE_IMAGE_VENV / "bin" / "python"
    if not python.exists():
        print("building the large_image virtualenv (once) ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(LARGE_IMAGE_VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", *LARGE_IMAGE_PACKAGES], check=True
        )
    return python


def large_image(windows: list[tuple[float, float]], count: int, threads: int, mix: str) -> float:
    """large_image's tiles per second."""
    result = subprocess.run(
        [
            str(large_image_python()),
            str(HERE / "large_image_tiles.py"),
            str(data.ensure_ome_tiff()),
            json.dumps(windows),
            str(count),
            str(threads),
            mix,
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    found = json.loads(result.stdout.strip().splitlines()[-1])
    return found["tiles"] / found["seconds"]


def row(name: str, value: str, baseline: str, ratio: float | None, target: str = "") -> str:
    shown = "" if ratio is None else f"{ratio:5.2f}x"
    return f"| {name:<46} | {value:>14} | {baseline:>30} | {shown:>7} | {target:<14} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks", description=__doc__)
    parser.add_argument("--tiles", type=int, default=400, help="tiles per measurement")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--skip-large-image", action="store_true")
    parser.add_argument(
        "--http-only", action="store_true", help="only the HTTP and get_thumbnails rows"
    )
    args = parser.parse_args(argv)

    from benchmarks import floors, server, tiles

    fixture = server.prepare()
    from pyomero.pixels import open_pyramid

    store = open_pyramid(data.ensure_pyramid())
    levels = [(lv.size_x, lv.size_y) for lv in store.levels]
    windows = [(s.min, s.max) for s in store.stats or ()]
    mixes = {
        "all": tiles.random_tiles(args.tiles, levels),
        "full": [t for t in tiles.random_tiles(args.tiles * 8, levels[:1])][: args.tiles],
    }
    floor = tiles.floor_work(str(data.ensure_pyramid()))
    ours = tiles.pyomero_work(fixture.user_id, fixture.image_id)
    tiff = floors.tiff_floor_work(data.ensure_ome_tiff(), windows)

    print("reading every benchmark tile once (page cache) ...", flush=True)
    for tile_list in mixes.values():
        for tile in tile_list:
            floor(tile)
            tiff(tile)
    lines = [
        row("measurement", "pyomero", "baseline (same run)", None, "target"),
        "|" + "-" * 48 + "|" + "-" * 16 + "|" + "-" * 32 + "|" + "-" * 9 + "|" + "-" * 16 + "|",
    ]
    for mix, label in (("all", "all levels"), ("full", "full resolution")):
        if args.http_only:
            break
        for threads in (1, 2):
            mine = tiles.run(ours, mixes[mix], threads)
            base = tiles.run(floor, mixes[mix], threads)
            lines.append(
                row(
                    f"in-process, {label}, {threads} thread{'s' * (threads > 1)}",
                    f"{mine.per_second:7.0f} tiles/s",
                    f"floor {base.per_second:7.0f} tiles/s",
                    base.per_second / mine.per_second,
                    "<= 1.3x floor",
                )
            )
        if mix == "full":
            zlib = tiles.run(tiff, mixes[mix], 1)
            lines.append(
                row(
                    "zlib OME-TIFF floor (3 tiles), 1 thread",
                    f"{zlib.ms_per_tile:7.2f} ms/tile",
                    "",
                    None,
                )
            )
        if not args.skip_large_image:
            for threads in (1, 2):
                theirs = large_image(windows, args.tiles // 2, threads, mix)
                mine = tiles.run(ours, mixes[mix], threads)
                lines.append(
                    row(
                        f"vs large_image, {label}, {threads} thread{'s' * (threads > 1)}",
                        f"{mine.per_second:7.0f} tiles/s",
                        f"large_image {theirs:7.0f} tiles/s",
                        mine.per_second / theirs,
                        ">= 1.5x",
                    )
                )

    if not args.skip_http:
        lines += http_rows(fixture, mixes["all"], floor, tiles)
    lines += thumbnail_rows(fixture, floors, args.skip_http)
    print()
    print("\n".join(lines))
    fixture.server.kill()
    return 0


#: (workers, threads per worker) tried over HTTP; more than one thread means gthread.
#: OMERO.web's default (5 sync workers), one worker per core plus one, and the same
#: with two threads each (keep-alive connections, chunk reads and encoding overlap).
HTTP_CONFIGS = ((5, 1), (3, 1), (3, 2))


def http_rows(fixture, all_tiles, floor, tiles_module) -> list[str]:  # type: ignore[no-untyped-def]
    """Tiles through gunicorn at concurrency 8, per worker/thread configuration, with no
    tile cache (``webgateway`` is Django's dummy cache); then the same requests with the
    client's ETag (304s: the whole per-request cost but reading, rendering, encoding)."""
    from benchmarks.http_load import Session, load

    base = tiles_module.run(floor, all_tiles, 2)
    rows = []
    for workers, threads in HTTP_CONFIGS:
        fixture.server.set("omero.web.wsgi_workers", str(workers))
        fixture.server.set("omero.web.wsgi_threads", str(threads))
        fixture.server.start()
        try:
            session = Session(fixture.server.host, fixture.server.port)
            paths = [
                f"/webgateway/render_image_region/{fixture.image_id}/0/0/?tile={lv},{c},{r}&_={n}"
                for n, (lv, c, r) in enumerate(all_tiles)
            ]
            result = load(session, paths, 8)
            revalidated = load(session, paths, 8, revalidate=True)
        finally:
            fixture.server.stop()
        kind = "sync" if threads == 1 else f"gthread x{threads}"
        rows += [
            row(
                f"HTTP, {workers} workers {kind}, concurrency 8",
                f"{result.per_second:7.0f} tiles/s",
                f"floor 2 threads {base.per_second:5.0f} tiles/s",
                base.per_second / result.per_second,
            ),
            row(
                "  latency p50 / p99",
                f"{result.p50:5.1f}/{result.p99:5.1f} ms",
                f"errors {result.errors}, load: {result.generator}",
                None,
                "p99 < 50 ms",
            ),
            row(
                "  304 (If-None-Match) p50 / p99",
                f"{revalidated.p50:5.1f}/{revalidated.p99:5.1f} ms",
                f"{revalidated.per_second:5.0f} req/s, errors {revalidated.errors}",
                None,
            ),
        ]
    return rows


def thumbnail_rows(fixture, floors_module, skip_http: bool) -> list[str]:  # type: ignore[no-untyped-def]
    from benchmarks import server

    floor = floors_module.thumbnail_floor(server.ensure_thumbnail_stores())
    rows = []
    if not skip_http:
        from benchmarks.http_load import Session

        fixture.server.start()
        try:
            session = Session(fixture.server.host, fixture.server.port)
            batches = [fixture.thumb_ids[i : i + 50] for i in range(0, len(fixture.thumb_ids), 50)]
            paths = [
                "/webgateway/get_thumbnails/?" + "&".join(f"id={i}" for i in batch)
                for batch in batches
            ]
            for label in ("first time (rendered)", "again (from disk)"):
                started = time.perf_counter()
                for path in paths:
                    status, _ = session.get(path)
                    assert status == 200, status
                seconds = time.perf_counter() - started
                rows.append(
                    row(
                        f"get_thumbnails, 200 images, {label}",
                        f"{seconds * 1000:7.0f} ms",
                        f"render loop {floor * 1000:5.0f} ms",
                        seconds / floor,
                    )
                )
        finally:
            fixture.server.stop()
    return rows


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
