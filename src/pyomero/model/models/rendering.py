"""Rendering settings: one RenderingDef per user per image, a ChannelBinding per channel."""

from __future__ import annotations

from django.db import models

from pyomero.model.models.base import DataObject


class RenderingModel(models.TextChoices):
    RGB = "rgb"
    GREYSCALE = "greyscale"


class Projection(models.TextChoices):
    NORMAL = "normal"
    INTMAX = "intmax"
    INTMEAN = "intmean"
    INTSUM = "intsum"


class Family(models.TextChoices):
    LINEAR = "linear"
    POLYNOMIAL = "polynomial"
    EXPONENTIAL = "exponential"
    LOGARITHMIC = "logarithmic"


class RenderingDef(DataObject):
    """A user's rendering settings of an image's pixels; the owner's are the defaults."""

    omero_type = "RenderingDef"

    pixels = models.ForeignKey("model.Pixels", on_delete=models.CASCADE, related_name="settings")
    name = models.CharField(max_length=255, blank=True, default="")
    model = models.CharField(
        max_length=16, choices=RenderingModel.choices, default=RenderingModel.RGB
    )
    default_z = models.PositiveIntegerField(default=0)
    default_t = models.PositiveIntegerField(default=0)
    projection = models.CharField(
        max_length=16, choices=Projection.choices, default=Projection.NORMAL
    )
    projection_start = models.PositiveIntegerField(null=True, blank=True)
    projection_end = models.PositiveIntegerField(null=True, blank=True)
    bit_resolution = models.PositiveIntegerField(default=255)
    codomain_start = models.PositiveIntegerField(default=0)
    codomain_end = models.PositiveIntegerField(default=255)
    version = models.PositiveIntegerField(default=0)

    class Meta(DataObject.Meta):
        constraints = [
            models.UniqueConstraint(fields=["pixels", "owner"], name="model_rdef_unique")
        ]


class ChannelBinding(DataObject):
    """How one channel is rendered: window, colour or lookup table, curve, inversion."""

    omero_type = "ChannelBinding"

    rendering_def = models.ForeignKey(
        RenderingDef, on_delete=models.CASCADE, related_name="channel_bindings"
    )
    index = models.PositiveIntegerField()
    active = models.BooleanField(default=True)
    input_start = models.FloatField(default=0.0)
    input_end = models.FloatField(default=255.0)
    red = models.PositiveSmallIntegerField(default=255)
    green = models.PositiveSmallIntegerField(default=255)
    blue = models.PositiveSmallIntegerField(default=255)
    alpha = models.PositiveSmallIntegerField(default=255)
    lut = models.CharField("lookup table", max_length=255, blank=True, default="")
    family = models.CharField(max_length=16, choices=Family.choices, default=Family.LINEAR)
    coefficient = models.FloatField(default=1.0)
    noise_reduction = models.BooleanField(default=False)
    inverted = models.BooleanField(default=False)

    class Meta(DataObject.Meta):
        ordering = ["rendering_def", "index"]
        constraints = [
            models.UniqueConstraint(
                fields=["rendering_def", "index"], name="model_channelbinding_unique"
            )
        ]


class Thumbnail(DataObject):
    """A cached thumbnail of one rendering def at one size; ``version`` bumps on change."""

    omero_type = "Thumbnail"

    rendering_def = models.ForeignKey(
        RenderingDef, on_delete=models.CASCADE, related_name="thumbnails"
    )
    size_x = models.PositiveIntegerField()
    size_y = models.PositiveIntegerField()
    mime_type = models.CharField(max_length=64, default="image/jpeg")
    version = models.PositiveIntegerField(default=0)
    ref = models.CharField(max_length=1024, blank=True, default="")

    class Meta(DataObject.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["rendering_def", "size_x", "size_y"], name="model_thumbnail_unique"
            )
        ]
