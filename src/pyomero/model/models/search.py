"""The search index: one row of words per searchable object, and the queue of stale rows.

``SearchEntry`` holds, for each project, dataset, image, screen, plate and run, the
words of its name, description and annotations (tags, key-value pairs, comments,
attachment names), with the object's details so the visibility rule of
``permissions.py`` applies to it unchanged. The database's own full-text index
covers ``text`` (SQLite FTS5, PostgreSQL tsvector + GIN; see migration 0005).

Database triggers put ``(obj_type, obj_id)`` in ``SearchDirty`` on every write that
changes what an object's entry says; ``model/search.py`` rebuilds those entries
before it answers a search, so results are as fresh as the last edit, whatever code
made it (actions, bulk updates, cascades).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SearchEntry(models.Model):
    obj_type = models.CharField(max_length=32)
    obj_id = models.BigIntegerField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    group = models.ForeignKey(
        "model.ExperimenterGroup",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    created = models.DateTimeField()
    updated = models.DateTimeField()
    name = models.CharField(max_length=255, blank=True, default="")
    # Lower-case words separated by single spaces; what the full-text index reads.
    text = models.TextField(blank=True, default="")
    # The same words by field (OMERO.web's ``field``), to narrow what the index found.
    name_words = models.TextField(blank=True, default="")
    description_words = models.TextField(blank=True, default="")
    annotation_words = models.TextField(blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["obj_type", "obj_id"], name="model_searchentry_unique")
        ]
        indexes = [
            models.Index(fields=["group", "owner"]),
            models.Index(fields=["created"]),
        ]

    def __str__(self) -> str:
        return f"{self.obj_type}:{self.obj_id} {self.name}".rstrip()


class SearchDirty(models.Model):
    """An object whose entry may be stale (written by triggers, emptied by a refresh)."""

    obj_type = models.CharField(max_length=32)
    obj_id = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.obj_type}:{self.obj_id}"
