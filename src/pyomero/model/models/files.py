"""Original files and filesets: the files an image was imported from, kept byte for byte."""

from __future__ import annotations

from django.db import models

from pyomero.model.models.base import DataObject


class OriginalFile(DataObject):
    """A file known to OMERO: ``path`` is its directory, ``name`` its file name."""

    omero_type = "OriginalFile"

    path = models.CharField(max_length=1024, blank=True, default="")
    name = models.CharField(max_length=255)
    size = models.BigIntegerField(null=True, blank=True)
    hash = models.CharField("SHA-1", max_length=40, blank=True, default="")
    hasher = models.CharField(max_length=32, blank=True, default="SHA1-160")
    mimetype = models.CharField(max_length=255, blank=True, default="application/octet-stream")
    repo = models.CharField(max_length=64, blank=True, default="")
    #: The object store (``omero.data.store_url``) ``repo`` was on when the bytes were
    #: written; empty: ``omero.data.dir``. pyomero's own field.
    store = models.CharField(max_length=1024, blank=True, default="")


class FilesetState(models.TextChoices):
    """Where an import stands: ``importing`` until its images are ready, else done or failed.

    A failed fileset keeps its ``error`` and nothing else: no image, pixels or file.
    """

    IMPORTING = "importing"
    COMPLETE = "complete"
    FAILED = "failed"


class Fileset(DataObject):
    """The set of original files one import read; its images share it."""

    omero_type = "Fileset"

    template_prefix = models.CharField(max_length=1024, blank=True, default="")
    state = models.CharField(
        max_length=9, choices=FilesetState.choices, default=FilesetState.COMPLETE
    )
    error = models.TextField(blank=True, default="")


class FilesetEntry(DataObject):
    omero_type = "FilesetEntry"

    fileset = models.ForeignKey(Fileset, on_delete=models.CASCADE, related_name="entries")
    original_file = models.ForeignKey(
        OriginalFile, on_delete=models.CASCADE, related_name="fileset_entries"
    )
    client_path = models.CharField(max_length=1024, blank=True, default="")
    index = models.PositiveIntegerField(default=0)

    class Meta(DataObject.Meta):
        ordering = ["fileset", "index"]
