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
