from __future__ import annotations

from pathlib import Path

from pyomero.conf import Config
from pyomero.web.build_settings import build


def settings_for(tmp_path: Path, **stored: str) -> dict:
    return build(Config(stored, tmp_path))


def test_it_keeps_sqlite_under_the_server_directory_by_default(tmp_path: Path) -> None:
    database = settings_for(tmp_path)["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(tmp_path / "var" / "db" / "omero.sqlite3")


def test_it_uses_postgresql_with_the_omero_db_keys(tmp_path: Path) -> None:
    database = settings_for(
        tmp_path,
        **{
            "omero.db.engine": "postgresql",
            "omero.db.name": "facility",
            "omero.db.host": "db.example.org",
            "omero.db.port": "6543",
            "omero.db.user": "omero",
            "omero.db.pass": "s3cret",
        },
    )["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["HOST"], database["PORT"]) == (
        "facility",
        "db.example.org",
        "6543",
    )
    assert (database["USER"], database["PASSWORD"]) == ("omero", "s3cret")


def test_it_generates_the_secret_key_once_and_keeps_it(tmp_path: Path) -> None:
    first = settings_for(tmp_path)["SECRET_KEY"]
    assert len(first) >= 50
    assert settings_for(tmp_path)["SECRET_KEY"] == first
    assert (tmp_path / "var" / "django_secret_key").read_text() == first


def test_it_prefers_a_configured_secret_key(tmp_path: Path) -> None:
    key = "k" * 60
    assert settings_for(tmp_path, **{"omero.web.secret_key": key})["SECRET_KEY"] == key
    assert not (tmp_path / "var" / "django_secret_key").exists()
