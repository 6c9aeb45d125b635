"""`benchmarks/run all` runs every benchmark, the viewer's when Chromium is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pyomero.testing.browser import CHROMIUM, REPO


def test_it_runs_the_viewer_benchmark_with_all(tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: benchmarks/run all leaves the viewer out")
    (tmp_path / "benchmarks").mkdir()
    shutil.copy(REPO / "benchmarks/run", tmp_path / "benchmarks/run")
    python = tmp_path / ".venv/bin/python"
    python.parent.mkdir(parents=True)
    python.write_text('#!/bin/sh\necho "$@" >> "$(dirname "$0")/ran"\n')
    python.chmod(0o755)
    subprocess.run(["bash", str(tmp_path / "benchmarks/run")], check=True, timeout=30)
    ran = (python.parent / "ran").read_text().splitlines()
    # Every benchmark, the viewer's last (the list grows as issues add benchmarks).
    assert ran[0] == "-m benchmarks" and ran[-1] == "-m benchmarks.viewer_bench"
    assert {"-m benchmarks.import_bench", "-m benchmarks.api_bench"} <= set(ran)
    assert "-m benchmarks.webclient_bench" in ran and len(ran) == len(set(ran))
