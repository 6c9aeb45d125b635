"""What the files say of the acquisition: the instrument and objective (OME's Instrument,
Objective, ObjectiveSettings) and the reader's original metadata.

These rows belong to an image or a fileset and have no details of their own: whoever
may read the image may read them, and they go with it (deleted, moved between groups).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence

from django.db import models

from pyomero.model.models.files import Fileset
from pyomero.model.models.images import Image

Pairs = list[tuple[str, str]]


class Instrument(models.Model):
    """The microscope an import's images were acquired on."""

    fileset = models.ForeignKey(Fileset, on_delete=models.CASCADE, related_name="instruments")
    microscope = models.CharField(max_length=255, blank=True, default="")

    def __str__(self) -> str:
        return f"Instrument:{self.pk} {self.microscope}".rstrip()


class Objective(models.Model):
    """One objective of an instrument (OME's fields; immersion by its OME name)."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="objectives")
    model = models.CharField(max_length=255, blank=True, default="")
    manufacturer = models.CharField(max_length=255, blank=True, default="")
    nominal_magnification = models.FloatField(null=True, blank=True)
    lens_na = models.FloatField(null=True, blank=True)
    immersion = models.CharField(max_length=32, blank=True, default="")

    def __str__(self) -> str:
        return f"Objective:{self.pk} {self.model}".rstrip()


class ObjectiveSettings(models.Model):
    """Which objective an image was acquired with."""

    image = models.OneToOneField(Image, on_delete=models.CASCADE, related_name="objective_settings")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"ObjectiveSettings:{self.pk} of Image:{self.image_id}"


class OriginalMetadata(models.Model):
    """The key-value pairs the reader found (OMERO's "Original metadata"): a fileset's
    global pairs (``image`` empty) or one image's series pairs.

    ``data`` is zlib-compressed JSON ``[[key, value], ...]``: a CZI's 10,000 pairs take a
    few tens of kilobytes, in one row read only when someone asks for them.
    """

    fileset = models.ForeignKey(Fileset, on_delete=models.CASCADE, related_name="original_metadata")
    image = models.OneToOneField(
        Image, null=True, blank=True, on_delete=models.CASCADE, related_name="original_metadata"
    )
    count = models.PositiveIntegerField(default=0)
    data = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["fileset"],
                condition=models.Q(image__isnull=True),
                name="model_originalmetadata_one_global",
            )
        ]

    def __str__(self) -> str:
        return f"OriginalMetadata:{self.pk} of Fileset:{self.fileset_id} ({self.count} pairs)"

    @classmethod
    def of(
        cls, fileset: Fileset, image: Image | None, pairs: Sequence[tuple[str, str]]
    ) -> OriginalMetadata:
        """An unsaved row of ``pairs``, packed."""
        found = [[str(key), str(value)] for key, value in pairs]
        data = zlib.compress(json.dumps(found, ensure_ascii=False).encode("utf-8"), 6)
        return cls(fileset=fileset, image=image, count=len(found), data=data)

    @property
    def pairs(self) -> Pairs:
        return [(str(k), str(v)) for k, v in json.loads(zlib.decompress(bytes(self.data)))]
