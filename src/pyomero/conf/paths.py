"""Where a pyomero server keeps its state: the OMERO server directory ($OMERODIR).

As in OMERO: configuration in ``etc/grid/config.xml``, logs in ``var/log``,
everything the server writes under ``var/``. When ``OMERODIR`` is unset and
pyomero runs from a checkout, the checkout itself is the server directory
(``bin/omero`` sits in it, as in an OMERO.server download); otherwise
``~/omero``.
"""

from __future__ import annotations

import os
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[3]


def omerodir() -> Path:
    """The server directory: $OMERODIR, else the checkout, else ~/omero."""
    env = os.environ.get("OMERODIR")
    if env:
        return Path(env).expanduser().resolve()
    if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "bin" / "omero").is_file():
        return _CHECKOUT
    return Path.home() / "omero"


def config_path(root: Path | None = None) -> Path:
    return (root or omerodir()) / "etc" / "grid" / "config.xml"


def var_dir(root: Path | None = None) -> Path:
    return (root or omerodir()) / "var"


def log_dir(root: Path | None = None) -> Path:
    return var_dir(root) / "log"
