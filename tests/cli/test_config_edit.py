"""``omero config edit``: the profile in $EDITOR, validated before it is written back."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .conftest import Omero


def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    """Make $EDITOR a Python script whose ``text`` variable becomes the file's content."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys\n"
        "from pathlib import Path\n"
        "path = Path(sys.argv[1])\n"
        "text = path.read_text()\n"
        f"{body}\n"
        "path.write_text(text)\n"
    )
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")


def test_it_writes_back_what_was_edited(
    omero: Omero, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    omero("config", "set", "omero.web.prefix", "/omero")
    omero("config", "set", "omero.web.debug", "true")
    editor(
        tmp_path,
        monkeypatch,
        "text = text.replace('/omero', '/web').replace('omero.web.debug=true\\n', '')"
        " + 'omero.web.application_server.port=4081\\n'",
    )
    assert omero("config", "edit").code == 0
    assert omero("config", "get").out == (
        "omero.web.application_server.port=4081\nomero.web.prefix=/web\n"
    )


def test_it_keeps_the_file_and_the_edit_when_a_value_is_bad(
    omero: Omero, config_xml: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    omero("config", "set", "omero.web.prefix", "/omero")
    before = config_xml.read_bytes()
    editor(tmp_path, monkeypatch, "text += 'omero.web.debug=maybe\\n'")
    result = omero("config", "edit")
    assert result.code != 0
    assert "omero.web.debug" in result.err and "your edit is in" in result.err
    assert config_xml.read_bytes() == before
    kept = Path(result.err.rsplit("your edit is in ", 1)[1].strip())
    assert "omero.web.debug=maybe" in kept.read_text()
    kept.unlink()


def test_it_changes_nothing_when_the_editor_fails(
    omero: Omero, config_xml: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    omero("config", "set", "omero.web.prefix", "/omero")
    before = config_xml.read_bytes()
    monkeypatch.setenv("EDITOR", "false")
    result = omero("config", "edit")
    assert result.code != 0 and "exited with status 1" in result.err
    assert config_xml.read_bytes() == before
