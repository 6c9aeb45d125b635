"""A typed, read-only view of the configuration: stored values over defaults."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pyomero.conf import paths
from pyomero.conf.registry import REGISTRY, parse_value
from pyomero.conf.store import ConfigStore


class Config:
    """``config[name]`` is the parsed value of a registered key.

    A stored value that does not parse raises :class:`ConfigValueError` (a
    ``ValueError``) naming the key and the expected form.
    """

    def __init__(self, stored: Mapping[str, str], root: Path) -> None:
        self._stored = dict(stored)
        self.omerodir = root

    def __getitem__(self, name: str) -> Any:
        key = REGISTRY[name]
        return parse_value(name, self._stored.get(name, key.default))

    def raw(self, name: str) -> str | None:
        """The stored string, or None when the key is not set."""
        return self._stored.get(name)

    def is_default(self, name: str) -> bool:
        return name not in self._stored

    @property
    def stored(self) -> dict[str, str]:
        """Every stored property, registered or not (a copy)."""
        return dict(self._stored)

    # Locations derived from the keys (empty values mean "under $OMERODIR").

    def data_dir(self) -> Path:
        """``omero.data.dir``; empty: ``$OMERODIR/var/data``; relative: under $OMERODIR."""
        return self._path("omero.data.dir", paths.var_dir(self.omerodir) / "data")

    def files_root(self) -> str:
        """Where new originals, attached files and thumbnails go: ``omero.data.store_url``
        (an object store's URL), else :meth:`data_dir`."""
        return str(self["omero.data.store_url"]) or str(self.data_dir())

    def upload_dir(self) -> Path:
        """``omero.upload.dir``; empty: ``Uploads`` under omero.data.dir."""
        return self._path("omero.upload.dir", self.data_dir() / "Uploads")

    def log_dir(self) -> Path:
        """``omero.web.logdir``; empty: ``$OMERODIR/var/log``."""
        return self._path("omero.web.logdir", paths.log_dir(self.omerodir))

    def static_root(self) -> Path:
        """``omero.web.static_root``; empty: ``$OMERODIR/var/static``."""
        return self._path("omero.web.static_root", paths.var_dir(self.omerodir) / "static")

    def sqlite_path(self) -> Path:
        """SQLite file of ``omero.db.name``: ``$OMERODIR/var/db/NAME.sqlite3`` unless absolute."""
        name = Path(self["omero.db.name"]).expanduser()
        if name.is_absolute():
            return name
        return paths.var_dir(self.omerodir) / "db" / f"{name}.sqlite3"

    def _path(self, name: str, default: Path) -> Path:
        value = str(self[name]).strip()
        if not value:
            return default
        path = Path(value).expanduser()
        return path if path.is_absolute() else self.omerodir / path


def store_for(root: Path | None = None, profile: str | None = None) -> ConfigStore:
    """The config store of a server directory (default: :func:`paths.omerodir`)."""
    return ConfigStore(paths.config_path(root or paths.omerodir()), profile)


def load_config(root: Path | None = None, profile: str | None = None) -> Config:
    """The configuration of a server directory, read from its config.xml."""
    root = root or paths.omerodir()
    return Config(store_for(root, profile).read(), root)
