"""``bin/omero config`` from a checkout, as a real process (OMERO's documented commands)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

BIN_OMERO = Path(__file__).resolve().parents[2] / "bin" / "omero"


def run(omerodir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OMERODIR": str(omerodir)}
    env.pop("OMERO_CONFIG", None)
    return subprocess.run(
        [str(BIN_OMERO), *args], env=env, capture_output=True, text=True, timeout=60
    )


def test_bin_omero_config_set_then_get(tmp_path: Path) -> None:
    assert run(tmp_path, "config", "set", "omero.web.prefix", "/omero").returncode == 0
    result = run(tmp_path, "config", "get", "omero.web.prefix")
    assert (result.returncode, result.stdout) == (0, "/omero\n")
    assert (tmp_path / "etc" / "grid" / "config.xml").read_text().startswith("<icegrid>")


def test_bin_omero_refuses_a_bad_value_in_one_line(tmp_path: Path) -> None:
    result = run(tmp_path, "config", "set", "omero.web.application_server.port", "abc")
    assert result.returncode != 0
    assert result.stderr.splitlines() == [
        "omero config: invalid value 'abc' for omero.web.application_server.port: "
        "expected an integer from 1 to 65535"
    ]
    assert not (tmp_path / "etc" / "grid" / "config.xml").exists()
