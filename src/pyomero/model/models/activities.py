"""What a user did to their data, as a list of activities (OMERO.web's Activities).

An :class:`Activity` is written by the action it describes, in the action's own
transaction: deletes, moves to another group (chgrp) and changes of owner (chown).
Imports are listed from their filesets (``files.Fileset``), which say how they stand.
``targets`` names the objects acted on ("Image" 12 "cells.tif"), as they were.
"""

from __future__ import annotations

from django.db import models

from pyomero.model.models.base import DataObject


class ActivityKind(models.TextChoices):
    DELETE = "delete", "Delete"
    CHGRP = "chgrp", "Move to group"
    CHOWN = "chown", "Change owner"
    EXPORT = "export", "Export"


class ActivityStatus(models.TextChoices):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Activity(DataObject):
    omero_type = "Activity"

    kind = models.CharField(max_length=16, choices=ActivityKind.choices)
    status = models.CharField(
        max_length=8, choices=ActivityStatus.choices, default=ActivityStatus.DONE
    )
    # [{"type": "Image", "id": 12, "name": "cells.tif"}, ...]
    targets = models.JSONField(default=list)
    # What the activity went to: {"group": "lab"} or {"owner": "Alice Liddell"}.
    detail = models.JSONField(default=dict)
    error = models.TextField(blank=True, default="")

    class Meta(DataObject.Meta):
        indexes = [models.Index(fields=["owner", "created"])]
