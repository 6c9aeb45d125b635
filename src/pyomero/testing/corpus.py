"""The corpus of real microscope files: ``../shared/samples`` beside the checkout, and the
rows of its ``MANIFEST.tsv`` that come from PyPI source distributions, fetched once into a
cache directory outside the repository.

- ``PYOMERO_SAMPLES``: the shared samples directory (default: ``../shared/samples`` next
  to the checkout);
- ``PYOMERO_SAMPLES_CACHE``: where ``fetch-pypi-samples`` puts the PyPI rows (default:
  ``~/.cache/pyomero/samples``; CI may fill it beforehand).

The files are test data of their authors: they are read where they are, never copied
into the repository.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

REPO = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class CorpusFile:
    """One row of ``MANIFEST.tsv``."""

    format: str
    file: str  # the manifest's relative path, e.g. samples/czi/x.czi
    source_kind: str  # github (in the shared directory) or pypi (fetched)
    bioformats: str  # what Bio-Formats 7.3.1 sees, as the manifest says

    @property
    def id(self) -> str:
        """A short test id: ``czi/x.czi``."""
        return self.file.removeprefix("samples/")

    @property
    def kind(self) -> str:
        """The folder of the format (``czi``, ``lif``, ``phenix``...), for ``-k``."""
        return self.id.split("/", 1)[0]


def shared_dir() -> Path:
    return Path(os.environ.get("PYOMERO_SAMPLES") or REPO.parent / "shared" / "samples")


def cache_dir() -> Path:
    default = Path.home() / ".cache" / "pyomero" / "samples"
    return Path(os.environ.get("PYOMERO_SAMPLES_CACHE") or default)


def manifest() -> list[CorpusFile]:
    """Every row of the manifest; empty when the shared directory is absent."""
    path = shared_dir() / "MANIFEST.tsv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [
        CorpusFile(r["format"], r["file"], r["source_kind"], r["bioformats_7.3.1"]) for r in rows
    ]


def location(item: CorpusFile) -> Path:
    """Where the file is read from (it may not exist yet: see :func:`fetch`)."""
    if item.source_kind == "pypi":
        return cache_dir() / item.file
    return shared_dir().parent / item.file


def import_path(item: CorpusFile) -> Path:
    """The path an import names: the file itself, or a plate's index file (Phenix)."""
    path = location(item)
    if path.is_dir():
        for name in ("Index.idx.xml", "Index.xml", "Index.ref.xml"):
            if (path / name).is_file():
                return path / name
    return path


def fetch() -> str | None:
    """Fetch the PyPI rows into :func:`cache_dir` (kept when present); the error, or None."""
    script = shared_dir() / "fetch-pypi-samples"
    if not script.is_file():
        return f"no {script}"
    missing = [i for i in manifest() if i.source_kind == "pypi" and not location(i).is_file()]
    if not missing:
        return None
    cache_dir().mkdir(parents=True, exist_ok=True)
    # Test passes run side by side (SQLite, PostgreSQL, Python 3.13): one fetches at a time.
    with FileLock(cache_dir() / ".fetch.lock"):
        done = subprocess.run(
            [sys.executable, str(script), str(cache_dir())],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines() or ["no output"]
        return f"fetch-pypi-samples failed: {lines[-1]}"
    return None


def manifest_series(item: CorpusFile) -> int | None:
    """The series count the manifest gives for Bio-Formats (``ZeissCZIReader: 3 series``)."""
    found = re.search(r": (\d+) series", item.bioformats)
    return int(found.group(1)) if found else None
