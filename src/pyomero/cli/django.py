"""Start Django from a CLI handler (never at import time)."""

from __future__ import annotations

import os


def setup() -> None:
    """Configure Django with pyomero's settings unless the caller already did."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pyomero.web.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
