"""An import reports its progress: bytes read, then planes written, to the end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pyomero.imports import ImportOptions, ImportProgress, run_import
from pyomero.testing.samples import Sample


def test_it_reports_bytes_read_and_planes_written(
    samples: dict[str, Sample], owner_ctx: Any, data_dir: Path
) -> None:
    events: list[ImportProgress] = []
    sample = samples["ome-tiff-pyramid"]
    run_import(owner_ctx, [sample.path], ImportOptions(), progress=events.append)
    last = events[-1]
    assert last.stage == "done"
    assert last.bytes_done == last.bytes_total == sample.path.stat().st_size
    assert last.planes_done == last.planes_total == 3 * 3  # 3 channels x 3 levels
    planes = [e.planes_done for e in events]
    assert planes == sorted(planes)
