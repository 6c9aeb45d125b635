"""Dates in OMERO.web's JSON (``webclient/tree.py``'s ``_marshal_date``)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def omero_date(moment: datetime) -> str:
    """ISO 8601 in whole seconds, in ``omero.web.time_zone``, with its offset
    (``2026-12-07T01:30:00+00:00``), as OMERO.web writes every date of its tree JSON."""
    return timezone.localtime(moment).replace(microsecond=0).isoformat()
