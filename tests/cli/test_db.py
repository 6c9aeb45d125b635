"""``omero db upgrade`` and ``omero db status``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pyomero.cli.main import main
from pyomero.model.models import Experimenter, ExperimenterGroup


def test_it_creates_root_with_the_password_from_the_environment(
    db: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OMERO_ROOT_PASSWORD", "from-the-env")
    assert main(["db", "upgrade"]) == 0
    root = Experimenter.objects.get(ome_name="root")
    assert root.check_password("from-the-env")
    assert root.is_superuser
    assert "from-the-env" not in capsys.readouterr().out


def test_it_prints_a_generated_password_once(
    db: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("OMERO_ROOT_PASSWORD", raising=False)
    assert main(["db", "upgrade"]) == 0
    first = capsys.readouterr().out
    password = first.split("generated password: ")[1].split()[0]
    assert Experimenter.objects.get(ome_name="root").check_password(password)
    assert main(["db", "upgrade"]) == 0
    second = capsys.readouterr().out
    assert password not in second
    assert "exists" in second
    assert Experimenter.objects.filter(ome_name="root").count() == 1


def test_it_says_the_schema_is_up_to_date(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    main(["db", "upgrade"])
    assert "up to date" in capsys.readouterr().out
    assert main(["db", "status"]) == 0
    out = capsys.readouterr().out
    assert "Schema: up to date" in out
    assert "Root administrator: present" in out


def test_it_creates_the_system_groups(db: None) -> None:
    names = set(ExperimenterGroup.objects.values_list("name", flat=True))
    assert {"system", "user", "guest"} <= names


def test_it_creates_a_new_database_and_is_idempotent(tmp_path: Path) -> None:
    env = {**os.environ, "OMERODIR": str(tmp_path), "OMERO_ROOT_PASSWORD": "pw-from-env"}
    env.pop("DJANGO_SETTINGS_MODULE", None)

    def omero(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "pyomero.cli", *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, check=False)

    first = omero("db", "upgrade")
    assert first.returncode == 0, first.stderr
    assert "Applied" in first.stdout
    assert "Created the root administrator" in first.stdout
    again = omero("db", "upgrade")
    assert again.returncode == 0, again.stderr
    assert "up to date" in again.stdout
    assert "exists" in again.stdout
    assert (tmp_path / "var" / "db").is_dir()


def test_it_fails_in_one_line_when_the_database_is_unreachable(tmp_path: Path) -> None:
    config = tmp_path / "etc" / "grid"
    env = {**os.environ, "OMERODIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [sys.executable, "-m", "pyomero.cli"]
    for key, value in (("omero.db.engine", "postgresql"), ("omero.db.port", "1")):
        subprocess.run([*command, "config", "set", key, value], env=env, check=True)
    assert (config / "config.xml").is_file()
    result = subprocess.run(
        [*command, "db", "upgrade"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("omero db: cannot upgrade")
