"""Issue 15's fixed cost of ``omero import``: ``python -m benchmarks.import_overhead``.

What one ``omero import`` of a small file costs beyond the work itself, and what a folder of
100 small files costs imported in one process. Each measurement runs in a child process of
its own (wall time, CPU time of the child, its peak RSS), next to two baselines measured in
the same run: the bare interpreter (``python -c pass``) and a plain loop doing the same
work in a fresh process (tifffile read, zarr write of the same planes: the floor of an
import). Issue 15's target: under 1 s of CPU for the whole ``omero import`` process of a
1 MB TIFF, an OME-TIFF or a failing file; the last lines print those figures.

The imports run as a user works with OMERO's CLI: ``omero login`` once, then ``omero
import`` with the session. One row gives ``-u USER -w PASSWORD`` instead: each such
import checks the password (Django's PBKDF2, deliberately about 0.4 s of CPU). pyomero's
modules are compiled to bytecode first, as an installed package is (a checkout run with
``PYTHONDONTWRITEBYTECODE`` would compile them in every process).

Files and a server directory with a ``bench`` user are made under ``$PYOMERO_BENCH_DIR``
(``/tmp/pyomero-bench``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from benchmarks.import_bench import PASSWORD, ROOT, bench_dir, server

TIME = "/usr/bin/time"  # GNU time (Debian's package "time")

PLAIN = """
import sys, numcodecs, tifffile, zarr
paths = sys.argv[1:-1]
root = zarr.open_group(sys.argv[-1], mode="w", zarr_format=2)
codec = numcodecs.Blosc(cname="zstd", clevel=3, shuffle=numcodecs.Blosc.BITSHUFFLE)
for n, path in enumerate(paths):
    data = tifffile.imread(path)
    data = data.reshape(-1, *data.shape[-2:])
    out = root.create_array(str(n), shape=data.shape, chunks=(1, 512, 512), dtype=data.dtype,
                            compressors=codec)
    out[...] = data
"""


def files() -> dict[str, Path]:
    """A 1 MB OME-TIFF, a 1 MB plain TIFF, an empty file, and 100 small TIFFs."""
    import tifffile

    from pyomero.pixels import synthetic as syn

    root = bench_dir().parent / "overhead"
    folder = root / "hundred"
    if not folder.is_dir():
        print("writing the small files (once) ...", file=sys.stderr, flush=True)
        folder.mkdir(parents=True)
        syn.write_ome_tiff(
            root / "small.ome.tif", syn.synthetic_metadata(256, 256, size_z=4, size_c=2)
        )
        rng = np.random.default_rng(15)
        tifffile.imwrite(root / "small.tif", rng.integers(0, 4000, (4, 512, 512), np.uint16))
        (root / "empty.tif").write_bytes(b"")
        for i in range(100):
            tifffile.imwrite(folder / f"f{i:03}.tif", rng.integers(0, 4000, (128, 128), np.uint16))
    one_mb = root / "small-1mb.tif"
    if not one_mb.is_file():
        rng = np.random.default_rng(1)
        tifffile.imwrite(one_mb, rng.integers(0, 4000, (2, 512, 512), np.uint16))
    return {
        "ome": root / "small.ome.tif",
        "tiff": one_mb,
        "empty": root / "empty.tif",
        "folder": folder,
    }


def run(command: list[str], env: dict[str, str], ok: bool = True) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MiB) of one child, measured
    by GNU time (a forked Python child would count the parent's pages in its peak RSS)."""
    with tempfile.NamedTemporaryFile(suffix=".time") as report, tempfile.TemporaryFile() as out:
        timed = [TIME, "-o", report.name, "-f", "%e %U %S %M", *command]
        done = subprocess.run(timed, env=env, stdout=out, stderr=out, cwd=ROOT, check=False)
        if ok and done.returncode != 0:
            out.seek(0)
            raise RuntimeError(f"{' '.join(command)} failed:\n{out.read().decode()}")
        wall, user, system, rss = Path(report.name).read_text().split()[-4:]
    return float(wall), float(user) + float(system), int(rss) / 1024


def compiled(env: dict[str, str]) -> dict[str, str]:
    """``env`` for children that use bytecode as an installed pyomero does: pyomero's
    modules are compiled once here (into their ``__pycache__``, which git ignores)."""
    env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    source = str(ROOT / "src" / "pyomero")
    subprocess.run([sys.executable, "-m", "compileall", "-q", source], env=env, check=True)
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.import_overhead")
    parser.add_argument("--repeat", type=int, default=3, help="Runs of each (the median).")
    args = parser.parse_args(argv)
    found = files()
    python = sys.executable
    omero = [python, "-m", "pyomero.cli"]
    login = ["--skip", "thumbnails"]  # the session of 'omero login'
    password = ["-u", "bench", "-w", PASSWORD, "--skip", "thumbnails"]
    hundred = sorted(str(p) for p in found["folder"].iterdir())
    rows: list[tuple[str, float, float, float, float | None]] = []
    with tempfile.TemporaryDirectory(prefix="overhead-", dir=bench_dir()) as tmp:
        env = compiled(server(Path(tmp)))
        subprocess.run(
            [*omero, "login", "-u", "bench", "-w", PASSWORD],
            env=env,
            check=True,
            cwd=ROOT,
            capture_output=True,
        )
        out = str(Path(tmp) / "plain.zarr")
        cases: list[tuple[str, list[str], bool, str | None]] = [
            ("python -c pass (interpreter)", [python, "-c", "pass"], True, None),
            (
                "plain tifffile+zarr, small TIFF",
                [python, "-c", PLAIN, str(found["tiff"]), out],
                True,
                None,
            ),
            (
                "omero import small TIFF (1 MB)",
                [*omero, "import", str(found["tiff"]), *login],
                True,
                "plain tifffile+zarr, small TIFF",
            ),
            (
                "omero import small TIFF, -u/-w (password check)",
                [*omero, "import", str(found["tiff"]), *password],
                True,
                "plain tifffile+zarr, small TIFF",
            ),
            (
                "omero import small OME-TIFF (1 MB)",
                [*omero, "import", str(found["ome"]), *login],
                True,
                "plain tifffile+zarr, small TIFF",
            ),
            (
                "omero import of an empty file (fails)",
                [*omero, "import", str(found["empty"]), *login],
                False,
                "python -c pass (interpreter)",
            ),
            (
                "omero import -f small TIFF",
                [*omero, "import", "-f", str(found["tiff"])],
                True,
                "python -c pass (interpreter)",
            ),
            (
                "omero import --reader bioformats small TIFF (JVM start)",
                [*omero, "import", "--reader", "bioformats", str(found["tiff"]), *login],
                True,
                "plain tifffile+zarr, small TIFF",
            ),
            ("plain tifffile+zarr, 100 TIFFs", [python, "-c", PLAIN, *hundred, out], True, None),
            (
                "omero import DIR of 100 TIFFs (one process)",
                [*omero, "import", str(found["folder"]), *login],
                True,
                "plain tifffile+zarr, 100 TIFFs",
            ),
        ]
        measured: dict[str, tuple[float, float, float]] = {}
        for name, command, ok, _ in cases:
            print(f"measuring {name} ...", file=sys.stderr, flush=True)
            runs = sorted((run(command, env, ok) for _ in range(args.repeat)), key=lambda r: r[1])
            measured[name] = runs[len(runs) // 2]
        for name, _, _, base in cases:
            wall, cpu, rss = measured[name]
            overhead = None if base is None else cpu - measured[base][1]
            rows.append((name, wall, cpu, rss, overhead))
        one = measured["omero import small TIFF (1 MB)"][1]
        per_file = measured["omero import DIR of 100 TIFFs (one process)"][1] / 100
    print(table(rows))
    print(
        f"\n100 files in one process: {per_file:.3f} s CPU per file, "
        f"{per_file / one:.2f}x one single-file import ({one:.2f} s)."
    )
    print("\nThe fixed cost of one omero import (issue 15's target: under 1 s of CPU):")
    for label, name, base in (
        ("1 MB TIFF", "omero import small TIFF (1 MB)", "plain tifffile+zarr, small TIFF"),
        ("1 MB OME-TIFF", "omero import small OME-TIFF (1 MB)", "plain tifffile+zarr, small TIFF"),
        ("failing file", "omero import of an empty file (fails)", "python -c pass (interpreter)"),
    ):
        _, cpu, rss = measured[name]
        verdict = "under" if cpu < 1.0 else "OVER"
        print(
            f"  {label}: {cpu:.2f} s CPU for the whole process ({verdict} 1 s), "
            f"{cpu - measured[base][1]:+.2f} s over '{base}', peak RSS {rss:.0f} MiB"
        )
    return 0


def table(rows: list[tuple[str, float, float, float, float | None]]) -> str:
    lines = [
        "| measurement | wall s | CPU s | peak RSS MiB | CPU over its baseline |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, wall, cpu, rss, overhead in rows:
        shown = "baseline" if overhead is None else f"{overhead:+.2f} s"
        lines.append(f"| {name} | {wall:.2f} | {cpu:.2f} | {rss:.0f} | {shown} |")
    return "\n".join(lines)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    sys.exit(main())
