"""docs/api.md documents every endpoint, and pyomero's additions as extensions."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyomero.api.endpoints import ENDPOINTS, Endpoint

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def rows(text: str) -> dict[str, str]:
    """Table rows by the path in their second cell."""
    found = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[1].startswith("`/api/"):
            found[cells[1].strip("`")] = line
    return found


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_it_documents_the_endpoint_with_its_methods(endpoint: Endpoint) -> None:
    text = DOCS.read_text(encoding="utf-8")
    row = rows(text).get(endpoint.path)
    assert row is not None, f"{endpoint.path} is not in docs/api.md"
    methods = row.strip().strip("|").split("|")[0].split()
    assert sorted(methods) == sorted(endpoint.methods), endpoint.path


def test_it_marks_the_extensions() -> None:
    text = DOCS.read_text(encoding="utf-8")
    omero_part, _, extension_part = text.partition("## pyomero extension")
    for endpoint in ENDPOINTS:
        if not endpoint.extension:
            assert endpoint.path in rows(omero_part), endpoint.path
        elif endpoint.path not in rows(extension_part):
            assert "pyomero extension" in rows(omero_part)[endpoint.path], endpoint.path
