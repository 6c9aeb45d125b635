"""The query planner's statistics on the embedded database (SQLite).

SQLite chooses how to run a query from the statistics that ANALYZE gathers and keeps
(``sqlite_stat1``); without them it guesses, and for a page of a big dataset it guesses
wrong: it sorts every child by name (80 ms for 100,000 images) instead of walking the
``(lower(name), id)`` index and stopping after the page (1 ms). PostgreSQL's autovacuum
keeps its own statistics: there is nothing to do there.

:func:`refresh_statistics` runs ANALYZE when there are none yet, or when the number of
images has changed by more than a quarter since they were taken. The periodic
maintenance (``pyomero.maintenance``) and ``omero admin cleanse`` call it.
"""

from __future__ import annotations

import logging

from django.db import connection

from pyomero.model.models import Image

log = logging.getLogger(__name__)

#: Statistics are taken again when the images have grown or shrunk by this fraction.
DRIFT = 0.25


def statistics_rows() -> int | None:
    """How many images the statistics were taken with; None when there are none."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return None
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [Image._meta.db_table])
        found = cursor.fetchone()
    return int(found[0].split()[0]) if found else None


def refresh_statistics(force: bool = False) -> bool:
    """ANALYZE the SQLite database when its statistics are missing or stale (always
    with ``force``); True when it ran. A no-op on other databases."""
    if connection.vendor != "sqlite":
        return False
    taken = statistics_rows()
    if not force and taken is not None:
        images = Image.objects.count()
        if abs(images - taken) <= DRIFT * max(taken, 1):
            return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log.info("database statistics refreshed (ANALYZE)")
    return True
