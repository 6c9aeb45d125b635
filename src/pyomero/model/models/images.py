"""Images, their pixels (dimensions, type, physical sizes) and channels."""

from __future__ import annotations

from django.db import models

from pyomero.model.models.base import DataObject, NamedObject


class PixelsType(models.TextChoices):
    INT8 = "int8"
    INT16 = "int16"
    INT32 = "int32"
    UINT8 = "uint8"
    UINT16 = "uint16"
    UINT32 = "uint32"
    FLOAT = "float"
    DOUBLE = "double"
    BIT = "bit"


class DimensionOrder(models.TextChoices):
    XYZCT = "XYZCT"
    XYZTC = "XYZTC"
    XYCTZ = "XYCTZ"
    XYCZT = "XYCZT"
    XYTCZ = "XYTCZ"
    XYTZC = "XYTZC"


# OMERO's UnitsLength and UnitsTime enumerations, by name (the common ones).
LENGTH_UNITS = [
    ("PICOMETER", "pm"),
    ("ANGSTROM", "Å"),
    ("NANOMETER", "nm"),
    ("MICROMETER", "µm"),
    ("MILLIMETER", "mm"),
    ("CENTIMETER", "cm"),
    ("METER", "m"),
    ("PIXEL", "pixel"),
]
TIME_UNITS = [("MILLISECOND", "ms"), ("SECOND", "s"), ("MINUTE", "min"), ("HOUR", "h")]


def _length_unit() -> models.CharField[str, str]:
    return models.CharField(max_length=16, choices=LENGTH_UNITS, default="MICROMETER")


class Image(NamedObject):
    omero_type = "Image"

    acquisition_date = models.DateTimeField(null=True, blank=True)
    series = models.PositiveIntegerField(default=0)
    fileset = models.ForeignKey(
        "model.Fileset", null=True, blank=True, on_delete=models.SET_NULL, related_name="images"
    )
    archived = models.BooleanField(default=False)


class PixelsState(models.TextChoices):
    """Where the pixel data of an image stands: listed at once, viewable when ready."""

    WRITING = "writing"
    READY = "ready"
    FAILED = "failed"


class Pixels(DataObject):
    """The pixel set of an image.

    ``path`` locates its OME-Zarr pyramid: relative to ``omero.data.dir``
    (``Pixels/<id>.ome.zarr``), or an absolute path or fsspec URL. ``state`` is
    ``writing`` while an import builds the pyramid (viewers are told to back off).
    """

    omero_type = "Pixels"

    image = models.OneToOneField(Image, on_delete=models.CASCADE, related_name="pixels")
    size_x = models.PositiveIntegerField()
    size_y = models.PositiveIntegerField()
    size_z = models.PositiveIntegerField(default=1)
    size_c = models.PositiveIntegerField(default=1)
    size_t = models.PositiveIntegerField(default=1)
    pixels_type = models.CharField(
        max_length=8, choices=PixelsType.choices, default=PixelsType.UINT8
    )
    significant_bits = models.PositiveSmallIntegerField(null=True, blank=True)
    dimension_order = models.CharField(
        max_length=5, choices=DimensionOrder.choices, default=DimensionOrder.XYZCT
    )
    physical_size_x = models.FloatField(null=True, blank=True)
    physical_size_x_unit = _length_unit()
    physical_size_y = models.FloatField(null=True, blank=True)
    physical_size_y_unit = _length_unit()
    physical_size_z = models.FloatField(null=True, blank=True)
    physical_size_z_unit = _length_unit()
    time_increment = models.FloatField(null=True, blank=True)
    time_increment_unit = models.CharField(max_length=16, choices=TIME_UNITS, default="SECOND")
    path = models.CharField(max_length=1024, blank=True, default="")
    state = models.CharField(max_length=8, choices=PixelsState.choices, default=PixelsState.READY)

    class Meta(DataObject.Meta):
        verbose_name_plural = "pixels"


class Channel(DataObject):
    """One channel of a pixel set: name, colour (RGBA 0-255), wavelengths, value range."""

    omero_type = "Channel"

    pixels = models.ForeignKey(Pixels, on_delete=models.CASCADE, related_name="channels")
    index = models.PositiveIntegerField()
    name = models.CharField(max_length=255, blank=True, default="")
    red = models.PositiveSmallIntegerField(null=True, blank=True)
    green = models.PositiveSmallIntegerField(null=True, blank=True)
    blue = models.PositiveSmallIntegerField(null=True, blank=True)
    alpha = models.PositiveSmallIntegerField(null=True, blank=True)
    emission_wave = models.FloatField(null=True, blank=True)
    emission_wave_unit = models.CharField(max_length=16, choices=LENGTH_UNITS, default="NANOMETER")
    excitation_wave = models.FloatField(null=True, blank=True)
    excitation_wave_unit = models.CharField(
        max_length=16, choices=LENGTH_UNITS, default="NANOMETER"
    )
    stats_min = models.FloatField(null=True, blank=True)
    stats_max = models.FloatField(null=True, blank=True)

    class Meta(DataObject.Meta):
        ordering = ["pixels", "index"]
        constraints = [
            models.UniqueConstraint(fields=["pixels", "index"], name="model_channel_unique")
        ]
