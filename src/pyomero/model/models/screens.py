"""High-content screening: screens, plates, wells, well samples and plate acquisitions."""

from __future__ import annotations

from django.db import models

from pyomero.model.models.base import DataObject, Link, NamedObject


class NamingConvention(models.TextChoices):
    LETTER = "letter"
    NUMBER = "number"


class Screen(NamedObject):
    omero_type = "Screen"

    plates = models.ManyToManyField(
        "model.Plate", through="model.ScreenPlateLink", related_name="screens"
    )


class Plate(NamedObject):
    """A plate of ``rows`` x ``columns`` wells, labelled by letters or numbers."""

    omero_type = "Plate"

    rows = models.PositiveIntegerField(null=True, blank=True)
    columns = models.PositiveIntegerField(null=True, blank=True)
    row_naming_convention = models.CharField(
        max_length=8, choices=NamingConvention.choices, default=NamingConvention.LETTER
    )
    column_naming_convention = models.CharField(
        max_length=8, choices=NamingConvention.choices, default=NamingConvention.NUMBER
    )
    field_index = models.PositiveIntegerField(default=0)
    external_identifier = models.CharField(max_length=255, blank=True, default="")
    status = models.CharField(max_length=255, blank=True, default="")


class ScreenPlateLink(Link):
    omero_type = "ScreenPlateLink"

    parent = models.ForeignKey(Screen, on_delete=models.CASCADE, related_name="plate_links")
    child = models.ForeignKey(Plate, on_delete=models.CASCADE, related_name="screen_links")

    class Meta(Link.Meta):
        constraints = [models.UniqueConstraint(fields=["parent", "child"], name="model_spl_unique")]


class PlateAcquisition(NamedObject):
    """One run of the microscope over a plate (OMERO's "run")."""

    omero_type = "PlateAcquisition"

    plate = models.ForeignKey(Plate, on_delete=models.CASCADE, related_name="acquisitions")
    start_time = models.DateTimeField(null=True, blank=True)
    end_time = models.DateTimeField(null=True, blank=True)
    maximum_field_count = models.PositiveIntegerField(null=True, blank=True)


class Well(DataObject):
    """A well at (``row``, ``column``), both counted from 0."""

    omero_type = "Well"

    plate = models.ForeignKey(Plate, on_delete=models.CASCADE, related_name="wells")
    row = models.PositiveIntegerField()
    column = models.PositiveIntegerField()
    external_description = models.CharField(max_length=255, blank=True, default="")
    type = models.CharField(max_length=255, blank=True, default="")

    class Meta(DataObject.Meta):
        ordering = ["plate", "row", "column"]
        constraints = [
            models.UniqueConstraint(fields=["plate", "row", "column"], name="model_well_unique")
        ]


class WellSample(DataObject):
    """One field of a well: an image, maybe taken in a plate acquisition."""

    omero_type = "WellSample"

    well = models.ForeignKey(Well, on_delete=models.CASCADE, related_name="samples")
    index = models.PositiveIntegerField("field index", default=0)
    image = models.ForeignKey("model.Image", on_delete=models.CASCADE, related_name="well_samples")
    plate_acquisition = models.ForeignKey(
        PlateAcquisition,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="well_samples",
    )
    pos_x = models.FloatField(null=True, blank=True)
    pos_y = models.FloatField(null=True, blank=True)

    class Meta(DataObject.Meta):
        ordering = ["well", "index"]
