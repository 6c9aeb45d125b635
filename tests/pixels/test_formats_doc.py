"""docs/formats.md tells the truth: its readers are the registry's, and each corpus format's
default reader is the one the registry chooses for the corpus files of that format."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from pyomero.pixels import default_registry
from pyomero.pixels.readers import ALL_READERS, DEFAULT_FOR_SUFFIX
from pyomero.testing import corpus

DOC = Path(__file__).resolve().parents[2] / "docs" / "formats.md"


def table(heading: str) -> list[list[str]]:
    """The rows (cells) of the first table after ``heading``."""
    text = DOC.read_text(encoding="utf-8").split(f"## {heading}\n", 1)[1]
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def names(cell: str) -> set[str]:
    return set(re.findall(r"`([^`]+)`", cell))


FORMATS = {row[0]: row for row in table("Formats")}


def test_it_lists_every_reader_of_the_registry() -> None:
    assert [names(row[0]).pop() for row in table("Readers")] == [r.format_name for r in ALL_READERS]


def test_every_reader_it_names_exists() -> None:
    known = {r.format_name for r in ALL_READERS}
    for row in FORMATS.values():
        assert names(row[2]) | names(row[3]) <= known, row[0]


def test_it_shows_each_default_of_the_suffix_table() -> None:
    for suffix, reader in DEFAULT_FOR_SUFFIX.items():
        rows = [row for row in FORMATS.values() if suffix in names(row[1])]
        assert rows, f"no format row lists {suffix}"
        assert all(names(row[2]) == {reader} for row in rows), suffix


@pytest.mark.skipif(
    os.environ.get("CI") != "true" and not corpus.manifest(),
    reason="../shared/samples (the corpus) is absent",
)
def test_each_corpus_format_shows_the_readers_pyomero_uses() -> None:
    registry = default_registry()
    chosen: dict[str, set[str]] = {}
    claiming: dict[str, set[str]] = {}
    for item in corpus.manifest():
        path = corpus.import_path(item)
        if not path.exists():  # a PyPI row not fetched: Bio-Formats reads these formats
            continue
        chosen.setdefault(item.format, set()).add(registry.choose(path).format_name)
        claiming.setdefault(item.format, set()).update(
            r.format_name for r in registry.candidates(path)
        )
    assert chosen, "no corpus file found"
    for name, readers in chosen.items():
        assert name in FORMATS, f"docs/formats.md has no row for {name}"
        row = FORMATS[name]
        assert names(row[2]) == readers, f"{name}: default"
        assert names(row[3]) == claiming[name] - readers, f"{name}: other readers"
