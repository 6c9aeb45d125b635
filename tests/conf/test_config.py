"""``Config``: typed values over defaults, read from the store; derived locations."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyomero.conf import Config, ConfigValueError, load_config
from pyomero.conf.store import ConfigStore


def test_it_returns_typed_defaults_when_nothing_is_set(tmp_path: Path) -> None:
    config = Config({}, tmp_path)
    assert config["omero.web.application_server.port"] == 4080
    assert config["omero.web.debug"] is False
    assert config["omero.web.allowed_hosts"] == ["*"]
    assert config["omero.web.prefix"] == ""
    assert config.is_default("omero.web.prefix")
    assert config.raw("omero.web.prefix") is None


def test_it_returns_stored_values_parsed(tmp_path: Path) -> None:
    config = Config({"omero.web.debug": "t", "omero.web.prefix": "/omero/"}, tmp_path)
    assert config["omero.web.debug"] is True
    assert config["omero.web.prefix"] == "/omero"
    assert config.raw("omero.web.prefix") == "/omero/"


def test_it_names_the_key_of_a_stored_value_that_does_not_parse(tmp_path: Path) -> None:
    config = Config({"omero.web.wsgi_workers": "many"}, tmp_path)
    with pytest.raises(ConfigValueError, match=r"omero\.web\.wsgi_workers"):
        config["omero.web.wsgi_workers"]


def test_it_refuses_unregistered_names(tmp_path: Path) -> None:
    with pytest.raises(KeyError):
        Config({}, tmp_path)["omero.glacier2.IceSSL.Ciphers"]


def test_load_config_reads_the_store(omerodir: Path, store: ConfigStore) -> None:
    store.set("omero.web.application_server.port", "4090")
    config = load_config()
    assert config.omerodir == omerodir
    assert config["omero.web.application_server.port"] == 4090


def test_load_config_reads_the_profile_of_omero_config(
    omerodir: Path, store: ConfigStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.set("omero.web.prefix", "/omero")
    monkeypatch.setenv("OMERO_CONFIG", "other")
    store.set("omero.web.prefix", "/other")
    assert load_config(omerodir)["omero.web.prefix"] == "/other"
    monkeypatch.delenv("OMERO_CONFIG")
    assert load_config(omerodir)["omero.web.prefix"] == "/omero"


def test_it_keeps_data_and_sqlite_under_the_server_directory_by_default(tmp_path: Path) -> None:
    config = Config({}, tmp_path)
    assert config.data_dir() == tmp_path / "var" / "data"
    assert config.sqlite_path() == tmp_path / "var" / "db" / "omero.sqlite3"
    assert config.log_dir() == tmp_path / "var" / "log"
    assert config.static_root() == tmp_path / "var" / "static"


def test_it_takes_configured_locations(tmp_path: Path) -> None:
    config = Config(
        {
            "omero.data.dir": "/OMERO",
            "omero.db.name": "/srv/db/omero.sqlite3",
            "omero.web.logdir": "logs",
        },
        tmp_path,
    )
    assert config.data_dir() == Path("/OMERO")
    assert config.sqlite_path() == Path("/srv/db/omero.sqlite3")
    assert config.log_dir() == tmp_path / "logs"
