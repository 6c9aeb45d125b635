"""docs/configuration.md is generated from the registry and kept up to date."""

from __future__ import annotations

from pathlib import Path

from pyomero.conf.docs import render
from pyomero.conf.registry import KEYS, SECTIONS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"


def test_docs_configuration_md_is_up_to_date() -> None:
    assert DOCS.read_text(encoding="utf-8") == render(), (
        "docs/configuration.md is stale: run "
        "`.venv/bin/python -m pyomero.conf.docs > docs/configuration.md`"
    )


def test_it_documents_every_key_and_section() -> None:
    text = render()
    for key in KEYS:
        assert f"### {key.name}\n" in text
    for section in SECTIONS:
        assert f"## {section.title}\n" in text


def test_it_shows_each_default_and_form() -> None:
    text = render()
    assert "### omero.web.application_server.port\n" in text
    port = text.split("### omero.web.application_server.port\n", 1)[1].split("###", 1)[0]
    assert "- Default: `4080`" in port
    assert "- Form: an integer from 1 to 65535" in port
