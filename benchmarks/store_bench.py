"""Issue 16's storage benchmark: ``python -m benchmarks.store_bench`` (not a test).

Imports the same OME-TIFF (``--mb``, default 600 MB of 16-bit pixels: 3 channels of a
square plane, tiled) with ``omero import`` three times in the same run: everything to the
local data directory (the baseline), then the pyramid to OpenStack Swift's S3 layer on
loopback (``omero.pixeldata.store_url s3://...``, Debian's packages, started by the
benchmark as the tests start it), then the pyramid and the original file there
(``omero.data.store_url`` too). Prints a table: seconds, MB/s, the import process's peak
RSS and each time as a ratio of the local disk's. Keep ``--mb`` small while developing
(``--mb 50``); the machine is shared.
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.import_bench import PASSWORD, _tiles, bench_dir

ROOT = Path(__file__).resolve().parents[1]


def source_file(megabytes: int) -> tuple[Path, int]:
    """A 3-channel uint16 OME-TIFF of about ``megabytes`` MB, written once."""
    import numpy as np
    import tifffile

    side = int(math.sqrt(megabytes * 1e6 / 6) // 512 * 512) or 512
    path = bench_dir() / f"store-{side}.ome.tif"
    if not path.exists():
        print(f"writing {path.name} (once) ...", file=sys.stderr, flush=True)
        partial = path.with_suffix(".partial")
        with tifffile.TiffWriter(partial, bigtiff=True, ome=True) as tw:
            tw.write(
                _tiles(side, 3),
                shape=(3, side, side),
                dtype=np.uint16,
                tile=(512, 512),
                photometric="minisblack",
                metadata={"axes": "CYX"},
            )
        partial.rename(path)
    return path, side * side * 3 * 2


def omero(env: dict[str, str], *args: str) -> None:
    command = [sys.executable, "-m", "pyomero.cli", *args]
    subprocess.run(command, env=env, check=True, capture_output=True, cwd=ROOT)


def server(work: Path) -> dict[str, str]:
    """A fresh server directory with a 'bench' user; its environment."""
    env = dict(os.environ, OMERODIR=str(work / "omerodir"), OMERO_ROOT_PASSWORD="root-pw")
    env["OMERO_SESSIONDIR"] = str(work / "sessions")
    omero(env, "db", "upgrade")
    omero(env, "group", "add", "bench", "--type", "read-annotate")
    omero(env, "user", "add", "bench", "Bench", "User", "--group-name", "bench", "-P", PASSWORD)
    return env


def timed_import(source: Path, env: dict[str, str]) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of one ``omero import`` in a process of its own."""
    command = [sys.executable, "-m", "pyomero.cli", "import", str(source)]
    command += ["--skip", "thumbnails", "-u", "bench", "-w", PASSWORD]
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen(command, env=env, stdout=out, stderr=out, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        if child.returncode != 0:
            out.seek(0)
            raise RuntimeError(f"omero import failed:\n{out.read().decode(errors='replace')}")
    return seconds, usage.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.store_bench")
    parser.add_argument("--mb", type=int, default=600, help="Size of the image's pixels.")
    args = parser.parse_args(argv)
    os.environ.setdefault("CI", "")  # a missing Swift stops the benchmark with the reason
    from pyomero.testing.swift import swift_server

    source, size = source_file(args.mb)
    rows = []
    with tempfile.TemporaryDirectory(prefix="store-bench-", dir=bench_dir()) as tmp:
        env = server(Path(tmp))
        print("importing to the local data directory ...", file=sys.stderr, flush=True)
        rows.append(("local disk (baseline)", *timed_import(source, env)))
        with swift_server("bench") as s3:
            store = {"FSSPEC_S3_ENDPOINT_URL": s3.endpoint, "FSSPEC_S3_KEY": s3.key}
            store["FSSPEC_S3_SECRET"] = s3.secret
            omero(env, "config", "set", "omero.pixeldata.store_url", "s3://bench/pyramids")
            print("importing the pyramid to Swift (S3) ...", file=sys.stderr, flush=True)
            rows.append(("Swift S3: pyramid", *timed_import(source, {**env, **store})))
            omero(env, "config", "set", "omero.data.store_url", "s3://bench/files")
            print("importing pyramid and original to Swift ...", file=sys.stderr, flush=True)
            rows.append(("Swift S3: pyramid and original", *timed_import(source, {**env, **store})))
    megabytes = size / 1e6
    local = rows[0][1]
    print(f"Import of one {megabytes:.0f} MB 3-channel uint16 OME-TIFF (pyramid written)")
    print("| store | seconds | MB/s | peak RSS MiB | time vs local disk |")
    print("|---|---:|---:|---:|---:|")
    for name, seconds, rss in rows:
        shown = "1.00 (baseline)" if seconds is local else f"{seconds / local:.2f}x"
        print(f"| {name} | {seconds:.1f} | {megabytes / seconds:.0f} | {rss:.0f} | {shown} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
