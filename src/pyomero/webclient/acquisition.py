"""What the panel shows of an image's acquisition (objective, microscope) and its
original metadata (OMERO's "Original metadata": global and series pairs)."""

from __future__ import annotations

from dataclasses import dataclass

from pyomero.model.access import access_image
from pyomero.model.context import EventContext
from pyomero.model.models import Image, ObjectiveSettings, OriginalMetadata
from pyomero.pixels.original import as_text

Pairs = list[tuple[str, str]]


@dataclass(frozen=True)
class ObjectiveFacts:
    """The objective an image was acquired with, as the Acquisition section shows it."""

    model: str
    manufacturer: str
    magnification: str  # "63x"
    lens_na: str
    immersion: str
    microscope: str


def objective_of(image: Image) -> ObjectiveFacts | None:
    found = (
        ObjectiveSettings.objects.select_related("objective__instrument")
        .filter(image=image)
        .first()
    )
    if found is None:
        return None
    lens = found.objective
    magnification = lens.nominal_magnification
    return ObjectiveFacts(
        model=lens.model,
        manufacturer=lens.manufacturer,
        magnification=f"{magnification:g}x" if magnification is not None else "",
        lens_na=f"{lens.lens_na:g}" if lens.lens_na is not None else "",
        immersion=lens.immersion,
        microscope=lens.instrument.microscope,
    )


@dataclass(frozen=True)
class OriginalPairs:
    """An image's original metadata: its fileset's global pairs and its own series pairs."""

    image: Image
    global_pairs: Pairs
    series_pairs: Pairs

    @property
    def text(self) -> str:
        """OMERO's ``Original_Metadata.txt``."""
        return as_text(tuple(self.global_pairs), tuple(self.series_pairs))


def original_metadata(ctx: EventContext, image_id: object) -> OriginalPairs:
    """The original metadata of an image ``ctx`` may read (404 otherwise)."""
    image = access_image(ctx, image_id)
    global_pairs: Pairs = []
    series_pairs: Pairs = []
    if image.fileset_id is not None:
        rows = OriginalMetadata.objects.filter(fileset_id=image.fileset_id).filter(
            image__isnull=True
        ) | OriginalMetadata.objects.filter(image=image)
        for row in rows:
            if row.image_id is None:
                global_pairs = row.pairs
            else:
                series_pairs = row.pairs
    return OriginalPairs(image, global_pairs, series_pairs)
