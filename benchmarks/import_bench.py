"""Issue 4's import benchmark: ``python -m benchmarks.import_bench`` (not a test).

Imports a synthetic 16-bit 3-channel 20,000 x 20,000 OME-TIFF (tiled) and a
512 x 512 x 100 Z x 3 C stack with ``omero import`` (``--transfer cp``, the default, and
``ln_s``, in place), and converts the same files to the same OME-Zarr pyramid (levels
halved by 2 x 2 means down to <= 256 px, 512 px blosc-zstd chunks) with a plain
tifffile + zarr write loop, in the same run. Each measurement runs in a child process of
its own so that its peak RSS is its alone. Prints a table: MB/s of pixel data, peak RSS,
and pyomero's throughput as a ratio of the plain loop's (target: >= 0.8; peak RSS of
the large plane: < 1 GB).

Files are written once under ``$PYOMERO_BENCH_DIR`` (``/tmp/pyomero-bench``).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

ROOT = Path(__file__).resolve().parents[1]
OMERO = ROOT / "bin" / "omero"
PASSWORD = "bench-password"
TILE = 512


def bench_dir() -> Path:
    root = Path(os.environ.get("PYOMERO_BENCH_DIR", "/tmp/pyomero-bench")) / "import"
    root.mkdir(parents=True, exist_ok=True)
    return root


# -- the files


def pixels(c: int, z: int, y: int, x: int, h: int, w: int) -> NDArray[np.uint16]:
    """Microscopy-like uint16: smooth structure per channel and plane, plus noise."""
    ys = np.arange(y, y + h, dtype=np.float32)[:, None]
    xs = np.arange(x, x + w, dtype=np.float32)[None, :]
    structure = np.sin(ys / (90.0 + 30 * c) + z * 0.1) * np.cos(xs / (110.0 + 20 * c) - c)
    noise = ((ys * 7919 + xs * 104729 + c * 31 + z * 17) % 251).astype(np.float32)
    return (2000 + 1500 * structure + 4 * noise).astype(np.uint16)


def _tiles(side: int, channels: int) -> Iterator[NDArray[np.uint16]]:
    for c in range(channels):
        for y in range(0, side, TILE):
            for x in range(0, side, TILE):
                yield pixels(c, 0, y, x, TILE, TILE)[: side - y, : side - x]


def large_file(side: int) -> Path:
    import tifffile

    path = bench_dir() / f"large-{side}.ome.tif"
    if not path.exists():
        print(f"writing {path.name} (once) ...", file=sys.stderr, flush=True)
        partial = path.with_suffix(".partial")
        with tifffile.TiffWriter(partial, bigtiff=True, ome=True) as tw:
            tw.write(
                _tiles(side, 3),
                shape=(3, side, side),
                dtype=np.uint16,
                tile=(TILE, TILE),
                photometric="minisblack",
                metadata={"axes": "CYX", "PhysicalSizeX": 0.2, "PhysicalSizeY": 0.2},
            )
        partial.rename(path)
    return path


def stack_file(side: int = 512, planes: int = 100, channels: int = 3) -> Path:
    import tifffile

    path = bench_dir() / f"stack-{side}x{planes}x{channels}.ome.tif"
    if not path.exists():
        print(f"writing {path.name} (once) ...", file=sys.stderr, flush=True)
        data = np.stack(
            [
                np.stack([pixels(c, z, 0, 0, side, side) for z in range(planes)])
                for c in range(channels)
            ]
        )
        tifffile.imwrite(path, data, ome=True, photometric="minisblack", metadata={"axes": "CZYX"})
    return path


# -- the plain loop (runs in its own process: --plain SOURCE TARGET)


def plain_convert(source: Path, target: Path) -> None:
    """tifffile + zarr: level 0 copied band by band, then each level from the last."""
    import numcodecs
    import tifffile
    import zarr

    codec = numcodecs.Blosc(cname="zstd", clevel=3, shuffle=numcodecs.Blosc.BITSHUFFLE)
    with tifffile.TiffFile(source) as tif:
        series = tif.series[0]
        src = zarr.open(series.aszarr(level=0), mode="r")
        shape = tuple(src.shape)
        lead = shape[:-2]
        height, width = shape[-2:]
        planes = list(np.ndindex(*lead)) if lead else [()]
        sizes = [(height, width)]
        while max(sizes[-1]) > 256:
            sizes.append((math.ceil(sizes[-1][0] / 2), math.ceil(sizes[-1][1] / 2)))
        root = zarr.open_group(str(target), mode="w", zarr_format=2)
        arrays = [
            root.create_array(
                str(n),
                shape=(len(planes), h, w),
                chunks=(1, TILE, TILE),
                dtype="uint16",
                compressors=codec,
            )
            for n, (h, w) in enumerate(sizes)
        ]
        for p, index in enumerate(planes):
            for y in range(0, height, TILE):
                arrays[0][p, y : y + TILE, :] = src[(*index, slice(y, y + TILE), slice(None))]
    for level in range(1, len(sizes)):
        prev, out = arrays[level - 1], arrays[level]
        h = sizes[level][0]
        for p in range(len(planes)):
            for y in range(0, h, TILE):
                block = prev[p, 2 * y : 2 * y + 2 * TILE, :]
                bh, bw = block.shape
                if bh % 2 or bw % 2:
                    block = np.pad(block, ((0, bh % 2), (0, bw % 2)), mode="edge")
                means = block.astype(np.float32).reshape(block.shape[0] // 2, 2, -1, 2)
                out[p, y : y + TILE, :] = np.rint(means.mean(axis=(1, 3))).astype(np.uint16)


# -- measurements


def peak_rss_mib() -> float:
    """This process's own peak RSS (VmHWM: per address space, not inherited at fork)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child_main(report: Path, module: str, args: list[str]) -> None:
    """Run ``python -m module args`` in this process; write its peak RSS to ``report``."""
    import atexit
    import runpy

    atexit.register(lambda: report.write_text(str(peak_rss_mib())))
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


def run_child(
    module: str, args: list[str], env: dict[str, str] | None = None
) -> tuple[float, float]:
    """Run ``python -m module args`` in a child; its wall time (s) and peak RSS (MiB)."""
    with tempfile.NamedTemporaryFile(suffix=".rss") as report:
        command = [sys.executable, "-m", "benchmarks.import_bench", "--child", report.name]
        started = time.perf_counter()
        done = subprocess.run(
            [*command, module, *args], env=env, capture_output=True, text=True, cwd=ROOT
        )
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"{module} {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return seconds, float(Path(report.name).read_text() or "nan")


def server(work: Path) -> dict[str, str]:
    """A fresh server directory with a 'bench' user; its environment."""
    env = dict(os.environ, OMERODIR=str(work / "omerodir"), OMERO_ROOT_PASSWORD="root-pw")
    env["OMERO_SESSIONDIR"] = str(work / "sessions")
    for command in (
        ["db", "upgrade"],
        ["group", "add", "bench", "--type", "read-annotate"],
        ["user", "add", "bench", "Bench", "User", "--group-name", "bench", "-P", PASSWORD],
    ):
        subprocess.run([str(OMERO), *command], env=env, check=True, capture_output=True)
    return env


def measure(source: Path, work: Path, env: dict[str, str]) -> dict[str, tuple[float, float]]:
    found: dict[str, tuple[float, float]] = {}
    plain_out = work / "plain.zarr"
    found["plain tifffile+zarr"] = run_child(
        "benchmarks.import_bench", ["--plain", str(source), str(plain_out)]
    )
    shutil.rmtree(plain_out, ignore_errors=True)
    for transfer in ("cp", "ln_s"):
        args = ["import", str(source), "--transfer", transfer, "--skip", "thumbnails"]
        found[f"omero import --transfer {transfer}"] = run_child(
            "pyomero.cli", [*args, "-u", "bench", "-w", PASSWORD], env
        )
        shutil.rmtree(Path(env["OMERODIR"]) / "var" / "data", ignore_errors=True)
    return found


def table(rows: list[tuple[str, str, float, float, float, float | None]]) -> str:
    head = "| file | method | seconds | MB/s | peak RSS MiB | throughput vs plain |"
    lines = [head, "|---|---|---:|---:|---:|---:|"]
    for name, method, seconds, rate, rss, ratio in rows:
        shown = "1.00 (baseline)" if ratio is None else f"{ratio:.2f}x"
        lines.append(f"| {name} | {method} | {seconds:.1f} | {rate:.0f} | {rss:.0f} | {shown} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.import_bench")
    parser.add_argument("--side", type=int, default=20_000, help="Side of the large image.")
    parser.add_argument("--planes", type=int, default=100, help="Z planes of the stack.")
    parser.add_argument("--plain", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="Print JSON rows too.")
    args = parser.parse_args(argv)
    if args.child:
        child_main(Path(args.child[0]), args.child[1], args.child[2:])
        return 0
    if args.plain:
        plain_convert(*args.plain)
        return 0
    files = {
        f"{args.side}^2 x 3C uint16 OME-TIFF": (large_file(args.side), args.side**2 * 3 * 2),
        f"512^2 x {args.planes}Z x 3C stack": (
            stack_file(planes=args.planes),
            512**2 * args.planes * 3 * 2,
        ),
    }
    rows: list[tuple[str, str, float, float, float, float | None]] = []
    with tempfile.TemporaryDirectory(prefix="import-bench-", dir=bench_dir()) as tmp:
        env = server(Path(tmp))
        for name, (path, size) in files.items():
            print(f"measuring {name} ...", file=sys.stderr, flush=True)
            results = measure(path, Path(tmp), env)
            base = size / 1e6 / results["plain tifffile+zarr"][0]
            for method, (seconds, rss) in results.items():
                rate = size / 1e6 / seconds
                ratio = None if method.startswith("plain") else rate / base
                rows.append((name, method, seconds, rate, rss, ratio))
    print(table(rows))
    if args.json:
        print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
