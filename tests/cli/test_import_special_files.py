"""``omero import`` of what is not a file: one line of error and a non-zero exit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pyomero.model.models import Fileset, Image
from pyomero.testing.personas import Personas

from .conftest import Omero
from .import_fixtures import PASSWORD, cli_env

__all__ = ["cli_env"]


def assert_refused(omero: Omero, path: str) -> None:
    result = omero("import", path, "-u", "owner", "-w", PASSWORD)
    assert result.code == 1
    assert "Traceback" not in result.err
    [error] = [line for line in result.err.splitlines() if line.startswith("omero import:")]
    assert error == f"omero import: {path}: not a regular file or a directory"
    assert not Image.objects.exists() and not Fileset.objects.exists()


def test_it_refuses_dev_zero_in_one_line(omero: Omero, cli_env: Personas) -> None:
    assert_refused(omero, "/dev/zero")


def test_it_refuses_a_named_pipe_in_one_line(
    omero: Omero, cli_env: Personas, tmp_path: Path
) -> None:
    pipe = tmp_path / "pipe.tif"
    os.mkfifo(pipe)
    assert_refused(omero, str(pipe))


@pytest.mark.parametrize("flag", ["-f"])
def test_it_lists_dev_zero_as_a_failure(omero: Omero, flag: str) -> None:
    result = omero("import", flag, "/dev/zero")
    assert result.code == 1
    assert "/dev/zero: not a regular file or a directory" in result.out + result.err
