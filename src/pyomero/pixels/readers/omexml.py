"""OME-XML mapped onto pyomero's metadata values (:class:`OmeDocument`).

A document of the current schema (2016-06, what Bio-Formats, tifffile and pyomero
write) is read with the standard library's ElementTree: it takes milliseconds, where
importing ome-types (about a hundred pydantic models) costs half a second of CPU to
every process that imports an OME-TIFF (issue 15's fixed cost). Anything that path is
not sure of (another schema, a value ome-types would refuse, convert or parse
otherwise) goes through ome-types as before, so both give the same values; a test
checks them on every OME-XML of the corpus.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyomero.pixels.errors import CorruptFile
from pyomero.pixels.metadata import (
    Channel,
    Length,
    Objective,
    Plane,
    Plate,
    PlateAcquisition,
    Well,
    WellPlacement,
    WellSample,
)

if TYPE_CHECKING:  # ome-types takes half a second to import: only odd documents pay
    from ome_types import model as ome

_SECONDS_PER: dict[str, float] = {
    "s": 1.0,
    "ms": 1e-3,
    "µs": 1e-6,
    "ns": 1e-9,
    "min": 60.0,
    "h": 3600.0,
}


@dataclass(frozen=True)
class OmeImage:
    """What pyomero takes from one OME ``Image``: sizes, order, metadata fields and the
    files its ``TiffData`` blocks name."""

    id: str
    name: str | None
    sizes: tuple[int, int, int, int, int]  # X, Y, Z, C, T
    dimension_order: str
    #: The :class:`SeriesMetadata` fields (no sizes), as :func:`image_fields` gives them.
    fields: Mapping[str, Any]
    data_files: tuple[str, ...]


@dataclass(frozen=True)
class OmeDocument:
    """What pyomero takes from an OME-XML document."""

    images: tuple[OmeImage, ...]
    plates: tuple[Plate, ...]
    #: Where each image index sits in the plates.
    placements: Mapping[int, WellPlacement]
    #: ``BinaryOnly``'s ``MetadataFile``: the file that holds the full OME-XML.
    binary_only: str | None

    @property
    def data_files(self) -> list[str]:
        """The file names the TiffData blocks point at, in first-seen order."""
        names: list[str] = []
        for image in self.images:
            names.extend(name for name in image.data_files if name not in names)
        return names


def _ome_types() -> Any:
    """ome-types, imported on first use without its optional pint quantities.

    pyomero reads each value with its unit field itself; building pint's unit registry
    would cost every importing process about a second of CPU (issue 15's fixed cost). A
    process that imported ``ome_types`` before keeps it as it is."""
    if "ome_types" in sys.modules:
        return sys.modules["ome_types"]
    blocked = "ome_types.units" not in sys.modules
    if blocked:
        sys.modules["ome_types.units"] = None  # type: ignore[assignment]
    try:
        import ome_types
    finally:
        if blocked and sys.modules.get("ome_types.units", 0) is None:
            del sys.modules["ome_types.units"]
    return ome_types


def parse_ome_xml(path: Path, xml: str) -> OmeDocument:
    """The document ``xml``; malformed XML is a :class:`CorruptFile` naming ``path``."""
    from pyomero.pixels.readers._ome2016 import read_current_schema

    fast = read_current_schema(xml)
    return fast if fast is not None else document_of(parse_with_ome_types(path, xml))


def parse_with_ome_types(path: Path, xml: str) -> ome.OME:
    """The ome-types model of ``xml`` (any schema ome-types reads)."""
    from_xml = _ome_types().from_xml
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model: ome.OME = from_xml(xml, validate=False)
        return model
    except Exception as exc:
        raise CorruptFile(path, f"unreadable OME-XML: {exc}") from exc


def document_of(model: ome.OME) -> OmeDocument:
    """The :class:`OmeDocument` of an ome-types model."""
    images = []
    for image in model.images:
        pixels = image.pixels
        images.append(
            OmeImage(
                id=image.id,
                name=image.name,
                sizes=(pixels.size_x, pixels.size_y, pixels.size_z, pixels.size_c, pixels.size_t),
                dimension_order=pixels.dimension_order.value,
                fields={**image_fields(image), "objective": objective(model, image)},
                data_files=tuple(
                    block.uuid.file_name
                    for block in pixels.tiff_data_blocks
                    if block.uuid is not None and block.uuid.file_name
                ),
            )
        )
    found, placements = plates(model)
    binary = model.binary_only.metadata_file if model.binary_only is not None else None
    return OmeDocument(tuple(images), found, placements, binary)


def _enum_value(unit: Any, default: str) -> str:
    return str(getattr(unit, "value", unit) or default)


def length(value: float | None, unit: Any, default: str = "µm") -> Length | None:
    if value is None:
        return None
    return Length(float(value), _enum_value(unit, default))


def seconds(value: float | None, unit: Any) -> float | None:
    if value is None:
        return None
    factor = _SECONDS_PER.get(_enum_value(unit, "s"))
    return None if factor is None else float(value) * factor


def aware(value: datetime | None) -> datetime | None:
    """Naive OME dates are taken as UTC, so nothing downstream holds a naive datetime."""
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def channel(item: ome.Channel) -> Channel:
    color = None
    if "color" in item.model_fields_set and item.color is not None:
        rgb = item.color.as_rgb_tuple(alpha=False)
        color = f"{rgb[0]:02X}{rgb[1]:02X}{rgb[2]:02X}"
    return Channel(
        name=item.name,
        color=color,
        emission_wavelength=length(item.emission_wavelength, item.emission_wavelength_unit, "nm"),
        excitation_wavelength=length(
            item.excitation_wavelength, item.excitation_wavelength_unit, "nm"
        ),
    )


def plane(item: ome.Plane) -> Plane:
    return Plane(
        the_z=int(item.the_z),
        the_c=int(item.the_c),
        the_t=int(item.the_t),
        delta_t=seconds(item.delta_t, item.delta_t_unit),
        exposure_time=seconds(item.exposure_time, item.exposure_time_unit),
    )


def image_fields(image: ome.Image) -> dict[str, Any]:
    """The :class:`SeriesMetadata` fields OME-XML gives for one Image (no sizes)."""
    pixels = image.pixels
    channels = tuple(channel(c) for c in pixels.channels)
    return {
        "name": image.name or image.id,
        "description": image.description or None,
        "acquisition_date": aware(image.acquisition_date),
        "physical_size_x": length(pixels.physical_size_x, pixels.physical_size_x_unit),
        "physical_size_y": length(pixels.physical_size_y, pixels.physical_size_y_unit),
        "physical_size_z": length(pixels.physical_size_z, pixels.physical_size_z_unit),
        "time_increment": seconds(pixels.time_increment, pixels.time_increment_unit),
        "channels": channels if len(channels) == pixels.size_c else (),
        "planes": tuple(plane(p) for p in pixels.planes),
    }


def objective(model: ome.OME, image: ome.Image) -> Objective | None:
    """The objective of the image's ObjectiveSettings (or its instrument's only one),
    with the microscope of that instrument."""
    settings = image.objective_settings
    wanted = settings.id if settings is not None else None
    for instrument in model.instruments:
        mine = image.instrument_ref is not None and image.instrument_ref.id == instrument.id
        for item in instrument.objectives:
            if item.id == wanted or (wanted is None and mine and len(instrument.objectives) == 1):
                scope = instrument.microscope
                named = (
                    " ".join(str(part) for part in (scope.manufacturer, scope.model) if part)
                    if scope is not None
                    else ""
                )
                found = Objective(
                    model=item.model or None,
                    manufacturer=item.manufacturer or None,
                    nominal_magnification=item.nominal_magnification,
                    lens_na=item.lens_na,
                    immersion=_enum_value(item.immersion, "") or None,
                    microscope=named or None,
                )
                return found or None
    return None


#: The namespace of the XMLAnnotations in which Bio-Formats keeps a converted file's
#: original metadata (``<OriginalMetadata><Key>..</Key><Value>..</Value>``).
ORIGINAL_METADATA_NS = "openmicroscopy.org/OriginalMetadata"


def original_metadata(xml: str) -> tuple[tuple[str, str], ...]:
    """The key-value pairs of the OME-XML's OriginalMetadata annotations."""
    import xml.etree.ElementTree as ET

    from pyomero.pixels.original import pairs

    if ORIGINAL_METADATA_NS not in xml:
        return ()
    try:
        root = ET.fromstring(xml)
    except ET.ParseError:
        return ()
    found: list[tuple[str, str]] = []
    for annotation in root.iter():
        if not str(annotation.tag).endswith("XMLAnnotation"):
            continue
        if annotation.get("Namespace") != ORIGINAL_METADATA_NS:
            continue
        for entry in annotation.iter():
            if str(entry.tag).endswith("}OriginalMetadata") or entry.tag == "OriginalMetadata":
                values = {str(c.tag).rsplit("}", 1)[-1]: (c.text or "") for c in entry}
                if "Key" in values:
                    found.append((values["Key"], values.get("Value", "")))
    return pairs(found)


def plates(model: ome.OME) -> tuple[tuple[Plate, ...], dict[int, WellPlacement]]:
    """The plates of the model and where each image index sits in them."""
    image_index = {image.id: index for index, image in enumerate(model.images)}
    found: list[Plate] = []
    placements: dict[int, WellPlacement] = {}
    for plate_index, item in enumerate(model.plates):
        acquisitions = []
        sample_acquisition: dict[str, int] = {}
        for acq_index, acq in enumerate(item.plate_acquisitions):
            acquisitions.append(
                PlateAcquisition(
                    index=acq_index,
                    name=acq.name,
                    start_time=aware(acq.start_time),
                    end_time=aware(acq.end_time),
                )
            )
            for ref in acq.well_sample_refs:
                sample_acquisition[ref.id] = acq_index
        wells = []
        for well in item.wells:
            samples = []
            for field_index, sample in enumerate(well.well_samples):
                image_id = sample.image_ref.id if sample.image_ref is not None else None
                if image_id is None or image_id not in image_index:
                    continue
                series = image_index[image_id]
                acquisition = sample_acquisition.get(sample.id)
                samples.append(
                    WellSample(
                        index=int(sample.index),
                        series=series,
                        acquisition=acquisition,
                        position_x=length(sample.position_x, sample.position_x_unit),
                        position_y=length(sample.position_y, sample.position_y_unit),
                    )
                )
                placements[series] = WellPlacement(
                    plate_index, int(well.row), int(well.column), field_index, acquisition
                )
            wells.append(Well(int(well.row), int(well.column), tuple(samples)))
        rows = item.rows or max((w.row + 1 for w in wells), default=1)
        columns = item.columns or max((w.column + 1 for w in wells), default=1)
        found.append(
            Plate(
                name=item.name,
                rows=int(rows),
                columns=int(columns),
                wells=tuple(wells),
                acquisitions=tuple(acquisitions),
                row_naming=_enum_value(item.row_naming_convention, "letter"),
                column_naming=_enum_value(item.column_naming_convention, "number"),
            )
        )
    return tuple(found), placements
