"""Sample files of every format pyomero reads, written once per test session."""

from __future__ import annotations

from typing import Any

import pytest

from pyomero.testing.samples import SAMPLE_NAMES, Sample, build_samples

__all__ = ["Sample", "first", "sample_names"]


@pytest.fixture(scope="session")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Sample]:
    return build_samples(tmp_path_factory.mktemp("samples"))


def sample_names() -> list[str]:
    return list(SAMPLE_NAMES)


def first(value: Any) -> Any:
    return value[0]


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The conformance table, when tests/pixels/test_conformance.py ran."""
    from pyomero.testing.conformance import RESULTS

    if not RESULTS:
        return
    terminalreporter.section("conformance with Bio-Formats 7.3.1")
    terminalreporter.write_line(f"{'file':<58} {'reader':<28} {'images':>6}  verdict")
    for verdict in RESULTS:
        terminalreporter.write_line(verdict.row())
