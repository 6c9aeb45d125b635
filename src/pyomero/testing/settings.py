"""Settings for the test suite: a throwaway $OMERODIR, SQLite or PostgreSQL.

``PYOMERO_TEST_DB=postgresql`` runs the suite on the PostgreSQL server at
``PYOMERO_TEST_PG_HOST`` (default 127.0.0.1:5432, user postgres), in a
database of its own per run so that concurrent runs do not collide.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from pyomero.conf import load_config
from pyomero.web.build_settings import build

_root = Path(tempfile.mkdtemp(prefix="pyomero-test-"))
os.environ["OMERODIR"] = str(_root)
atexit.register(shutil.rmtree, _root, ignore_errors=True)

_settings = build(load_config(_root))
globals().update(_settings)

# `omero web start` collects static files; tests serve them through the finders.
WHITENOISE_USE_FINDERS = True
Path(_settings["STATIC_ROOT"]).mkdir(parents=True, exist_ok=True)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if os.environ.get("PYOMERO_TEST_DB", "sqlite") == "postgresql":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": f"pyomero_{os.getpid()}",
            "HOST": os.environ.get("PYOMERO_TEST_PG_HOST", "127.0.0.1"),
            "PORT": os.environ.get("PYOMERO_TEST_PG_PORT", "5432"),
            "USER": os.environ.get("PYOMERO_TEST_PG_USER", "postgres"),
            "PASSWORD": os.environ.get("PYOMERO_TEST_PG_PASSWORD", ""),
        }
    }
