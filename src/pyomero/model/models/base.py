"""What every OMERO data object carries: its details (owner, group, created, updated)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class DataObject(models.Model):
    """An object with OMERO's details: the owner, the group it lives in, and two times.

    The permissions of an object are those of its group (see ``permissions.py``).
    Both times are timezone aware (``USE_TZ``).
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey("model.ExperimenterGroup", on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(default=timezone.now)

    # OMERO's name of the class ("Image", "ProjectDatasetLink"); set by subclasses.
    omero_type: str = ""

    class Meta:
        abstract = True
        indexes = [models.Index(fields=["group", "owner"])]

    def __str__(self) -> str:
        name = getattr(self, "name", "") or ""
        return f"{self.omero_type or type(self).__name__}:{self.pk} {name}".rstrip()


class NamedObject(DataObject):
    """A data object with a name and a description (containers, images, ...)."""

    name = models.CharField(max_length=255)
    description = models.TextField(blank=True, default="")

    class Meta(DataObject.Meta):
        abstract = True
        # OMERO's order of lists (lower-cased name, then id): a page at any offset
        # walks this index instead of sorting every row.
        indexes = [
            *DataObject.Meta.indexes,
            models.Index(Lower("name"), "id", name="%(app_label)s_%(class)s_lname"),
        ]


class Link(DataObject):
    """A many-to-many row with its own details: ``parent`` holds ``child``.

    Subclasses declare ``parent`` and ``child`` foreign keys. A link is owned by
    whoever made it, which need not be the owner of either end.
    """

    class Meta(DataObject.Meta):
        abstract = True
