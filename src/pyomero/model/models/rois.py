"""Regions of interest: a Roi on an image holds shapes, one table with a discriminator.

Colours are OMERO's signed 32-bit RGBA integers. Z, T and C are optional: a shape
without ``the_z`` is on every plane. ``transform`` is the affine matrix
``[[a00, a01, a02], [a10, a11, a12]]``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models

from pyomero.model.models.base import DataObject


class Roi(DataObject):
    omero_type = "Roi"

    image = models.ForeignKey("model.Image", on_delete=models.CASCADE, related_name="rois")
    name = models.CharField(max_length=255, blank=True, default="")
    description = models.TextField(blank=True, default="")


class ShapeKind(models.TextChoices):
    RECTANGLE = "Rectangle"
    ELLIPSE = "Ellipse"
    POINT = "Point"
    LINE = "Line"
    POLYLINE = "Polyline"
    POLYGON = "Polygon"
    LABEL = "Label"
    MASK = "Mask"


def _float() -> models.FloatField[float | None, float | None]:
    return models.FloatField(null=True, blank=True)


class Shape(DataObject):
    """Any shape; which coordinates matter depends on ``kind``.

    Rectangle, Mask: x, y, width, height. Ellipse: x, y (centre), radius_x, radius_y.
    Point and Label: x, y. Line: x1, y1, x2, y2. Polyline and Polygon: ``points``
    as OMERO writes them ("x,y x,y ..."). Mask: ``bytes`` (one bit per pixel).
    """

    roi = models.ForeignKey(Roi, on_delete=models.CASCADE, related_name="shapes")
    kind = models.CharField(max_length=16, choices=ShapeKind.choices)
    the_z = models.PositiveIntegerField(null=True, blank=True)
    the_t = models.PositiveIntegerField(null=True, blank=True)
    the_c = models.PositiveIntegerField(null=True, blank=True)
    fill_color = models.IntegerField(null=True, blank=True)
    stroke_color = models.IntegerField(null=True, blank=True)
    stroke_width = _float()
    stroke_width_unit = models.CharField(max_length=16, default="PIXEL")
    text = models.TextField(blank=True, default="")
    font_family = models.CharField(max_length=64, blank=True, default="")
    font_size = _float()
    font_style = models.CharField(max_length=32, blank=True, default="")
    locked = models.BooleanField(default=False)
    a00 = _float()
    a10 = _float()
    a01 = _float()
    a11 = _float()
    a02 = _float()
    a12 = _float()
    x = _float()
    y = _float()
    width = _float()
    height = _float()
    radius_x = _float()
    radius_y = _float()
    x1 = _float()
    y1 = _float()
    x2 = _float()
    y2 = _float()
    points = models.TextField(blank=True, default="")
    marker_start = models.CharField(max_length=16, blank=True, default="")
    marker_end = models.CharField(max_length=16, blank=True, default="")
    bytes = models.BinaryField(null=True, blank=True)

    KIND: ClassVar[str] = ""

    @property
    def omero_type(self) -> str:  # type: ignore[override]
        return self.kind or "Shape"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.kind and self.KIND:
            self.kind = self.KIND
        super().save(*args, **kwargs)

    @property
    def transform(self) -> tuple[float, float, float, float, float, float] | None:
        values = (self.a00, self.a10, self.a01, self.a11, self.a02, self.a12)
        if any(v is None for v in values):
            return None
        return values  # type: ignore[return-value]


class _ShapeManager(models.Manager["Shape"]):
    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def get_queryset(self) -> models.QuerySet[Shape]:
        return super().get_queryset().filter(kind=self.kind)


def _proxy(kind: ShapeKind) -> type[Shape]:
    attrs: dict[str, Any] = {
        "__module__": __name__,
        "KIND": kind.value,
        "objects": _ShapeManager(kind.value),
        "Meta": type("Meta", (), {"proxy": True}),
    }
    return type(kind.value, (Shape,), attrs)


Rectangle = _proxy(ShapeKind.RECTANGLE)
Ellipse = _proxy(ShapeKind.ELLIPSE)
Point = _proxy(ShapeKind.POINT)
Line = _proxy(ShapeKind.LINE)
Polyline = _proxy(ShapeKind.POLYLINE)
Polygon = _proxy(ShapeKind.POLYGON)
Label = _proxy(ShapeKind.LABEL)
Mask = _proxy(ShapeKind.MASK)


def rgba_to_int(red: int, green: int, blue: int, alpha: int = 255) -> int:
    """OMERO's signed 32-bit RGBA colour integer."""
    value = (red << 24) | (green << 16) | (blue << 8) | alpha
    return value - (1 << 32) if value >= 1 << 31 else value


def int_to_rgba(value: int) -> tuple[int, int, int, int]:
    value &= 0xFFFFFFFF
    return (value >> 24) & 255, (value >> 16) & 255, (value >> 8) & 255, value & 255
