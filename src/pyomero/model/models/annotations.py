"""Annotations in one table with a discriminator, and their links to annotated objects.

OMERO keeps every annotation in one table too. ``kind`` says which class a row is;
the proxy models (``TagAnnotation``, ``MapAnnotation``, ...) filter on it, and set
it when they save. A tag set is a tag with namespace :data:`TAGSET_NS`, linked to
its tags with :class:`AnnotationAnnotationLink`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models

from pyomero.model.models.base import DataObject, Link

TAGSET_NS = "openmicroscopy.org/omero/insight/tagset"
RATING_NS = "openmicroscopy.org/omero/insight/rating"
CLIENT_MAP_NS = "openmicroscopy.org/omero/client/mapAnnotation"


class AnnotationKind(models.TextChoices):
    TAG = "TagAnnotation"
    COMMENT = "CommentAnnotation"
    LONG = "LongAnnotation"
    DOUBLE = "DoubleAnnotation"
    BOOLEAN = "BooleanAnnotation"
    TIMESTAMP = "TimestampAnnotation"
    MAP = "MapAnnotation"
    FILE = "FileAnnotation"


class Annotation(DataObject):
    """Any annotation; the value lives in the column its kind uses."""

    kind = models.CharField(max_length=32, choices=AnnotationKind.choices)
    ns = models.CharField("namespace", max_length=255, blank=True, default="")
    name = models.CharField(max_length=255, blank=True, default="")
    description = models.TextField(blank=True, default="")
    text_value = models.TextField(blank=True, default="")
    long_value = models.BigIntegerField(null=True, blank=True)
    double_value = models.FloatField(null=True, blank=True)
    bool_value = models.BooleanField(null=True, blank=True)
    time_value = models.DateTimeField(null=True, blank=True)
    file = models.ForeignKey(
        "model.OriginalFile",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="annotations",
    )

    KIND: ClassVar[str] = ""

    class Meta(DataObject.Meta):
        indexes = [
            *DataObject.Meta.indexes,
            models.Index(fields=["kind", "ns"]),
        ]

    @property
    def omero_type(self) -> str:  # type: ignore[override]
        return self.kind or "Annotation"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.kind and self.KIND:
            self.kind = self.KIND
        super().save(*args, **kwargs)

    @property
    def is_tagset(self) -> bool:
        return self.kind == AnnotationKind.TAG and self.ns == TAGSET_NS


class _KindManager(models.Manager["Annotation"]):
    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def get_queryset(self) -> models.QuerySet[Annotation]:
        return super().get_queryset().filter(kind=self.kind)


def _proxy(kind: AnnotationKind, doc: str) -> type[Annotation]:
    attrs: dict[str, Any] = {
        "__module__": __name__,
        "__doc__": doc,
        "KIND": kind.value,
        "objects": _KindManager(kind.value),
        "Meta": type("Meta", (), {"proxy": True}),
    }
    return type(kind.value, (Annotation,), attrs)


TagAnnotation = _proxy(AnnotationKind.TAG, "A tag: ``text_value`` is the tag's text.")
CommentAnnotation = _proxy(AnnotationKind.COMMENT, "A comment: ``text_value``.")
LongAnnotation = _proxy(AnnotationKind.LONG, "An integer; a rating when ns is RATING_NS.")
DoubleAnnotation = _proxy(AnnotationKind.DOUBLE, "A floating-point number.")
BooleanAnnotation = _proxy(AnnotationKind.BOOLEAN, "A boolean.")
TimestampAnnotation = _proxy(AnnotationKind.TIMESTAMP, "A point in time.")
MapAnnotation = _proxy(AnnotationKind.MAP, "Ordered key-value pairs (see NamedValue).")
FileAnnotation = _proxy(AnnotationKind.FILE, "An attached file: ``file``.")

PROXIES: dict[str, type[Annotation]] = {
    cls.KIND: cls
    for cls in (
        TagAnnotation,
        CommentAnnotation,
        LongAnnotation,
        DoubleAnnotation,
        BooleanAnnotation,
        TimestampAnnotation,
        MapAnnotation,
        FileAnnotation,
    )
}


class NamedValue(models.Model):
    """One key-value pair of a map annotation, at position ``index``."""

    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="map_values")
    index = models.PositiveIntegerField()
    name = models.CharField(max_length=255)
    value = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["annotation", "index"]
        constraints = [
            models.UniqueConstraint(fields=["annotation", "index"], name="model_namedvalue_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class AnnotationLink(Link):
    """Links ``child`` (an annotation) to ``parent``; unique per parent, child and owner."""

    child = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="+")

    class Meta(Link.Meta):
        abstract = True


def _annotation_link(parent: str, related: str) -> type[AnnotationLink]:
    name = f"{parent}AnnotationLink"
    meta = type(
        "Meta",
        (AnnotationLink.Meta,),
        {
            "constraints": [
                models.UniqueConstraint(
                    fields=["parent", "child", "owner"], name=f"model_{name.lower()}_unique"
                )
            ]
        },
    )
    attrs: dict[str, Any] = {
        "__module__": __name__,
        "__doc__": f"An annotation on a {parent}.",
        "omero_type": name,
        "parent": models.ForeignKey(
            f"model.{parent}", on_delete=models.CASCADE, related_name=related
        ),
        "Meta": meta,
    }
    return type(name, (AnnotationLink,), attrs)


ProjectAnnotationLink = _annotation_link("Project", "annotation_links")
DatasetAnnotationLink = _annotation_link("Dataset", "annotation_links")
ImageAnnotationLink = _annotation_link("Image", "annotation_links")
ScreenAnnotationLink = _annotation_link("Screen", "annotation_links")
PlateAnnotationLink = _annotation_link("Plate", "annotation_links")
PlateAcquisitionAnnotationLink = _annotation_link("PlateAcquisition", "annotation_links")
WellAnnotationLink = _annotation_link("Well", "annotation_links")
AnnotationAnnotationLink = _annotation_link("Annotation", "annotation_links")

# OMERO type of the annotated object -> its link model.
ANNOTATION_LINKS: dict[str, type[AnnotationLink]] = {
    "Project": ProjectAnnotationLink,
    "Dataset": DatasetAnnotationLink,
    "Image": ImageAnnotationLink,
    "Screen": ScreenAnnotationLink,
    "Plate": PlateAnnotationLink,
    "PlateAcquisition": PlateAcquisitionAnnotationLink,
    "Well": WellAnnotationLink,
    "Annotation": AnnotationAnnotationLink,
}
