"""Entry point of separate worker processes (the ``redis`` backend)::

    huey_consumer pyomero.imports.worker.huey -w 4 -k thread

(``omero admin worker`` does the same and stops cleanly on SIGTERM.)

Like ``wsgi.py`` it starts Django on import, then builds the queue ``omero.tasks.*``
configures.
"""

from __future__ import annotations

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pyomero.web.settings")
django.setup()

from pyomero.imports.tasks import queue  # noqa: E402 - Django first

huey = queue()
