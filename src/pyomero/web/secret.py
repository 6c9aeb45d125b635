"""Django's secret key, as OMERO.web keeps it: generated once into var/."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

FILENAME = "django_secret_key"


def read_or_create_secret_key(var_dir: Path) -> str:
    """Return the key stored in ``var_dir``, creating it atomically the first time."""
    path = var_dir / FILENAME
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race: use its key
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
