"""What a reader says, as model rows: image, pixels and channel fields, plates and wells.

Names follow OMERO's importer: a file of several images names each ``file [series]``
(``file [0]`` for a series with no name); ``-n NAME`` replaces the file part. A file with
one image gives it the reader's name (the file name for most formats, the OME-XML name
for OME-TIFF) unless that name is a generic one a writer made up ("Image0", "Series 0",
"Image:1", empty), when the file name it is, as OMERO always does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from pyomero.model.actions.imports import ImageSpec, PlateSpec, WellSampleSpec
from pyomero.pixels import Channel, Length, Objective, Plate, SeriesMetadata

# OME unit symbols -> OMERO's UnitsLength names (the model's LENGTH_UNITS).
UNITS = {
    "pm": "PICOMETER",
    "Å": "ANGSTROM",
    "nm": "NANOMETER",
    "µm": "MICROMETER",
    "um": "MICROMETER",
    "mm": "MILLIMETER",
    "cm": "CENTIMETER",
    "m": "METER",
    "pixel": "PIXEL",
}


def length_fields(prefix: str, length: Length | None) -> dict[str, Any]:
    """``physical_size_x`` and its unit; a unit OMERO lacks is converted to µm."""
    if length is None:
        return {prefix: None}
    unit = UNITS.get(length.unit)
    if unit is None:
        return {prefix: length.to("µm"), f"{prefix}_unit": "MICROMETER"}
    return {prefix: length.value, f"{prefix}_unit": unit}


def nanometres(length: Length | None) -> float | None:
    if length is None:
        return None
    try:
        return length.to("nm")
    except ValueError:
        return None


def rgba(color: str | None) -> dict[str, int]:
    if not color:
        return {}
    value = int(color[:6], 16)
    return {"red": value >> 16, "green": (value >> 8) & 255, "blue": value & 255, "alpha": 255}


def channel_fields(channel: Channel, index: int) -> dict[str, Any]:
    fields: dict[str, Any] = {"name": channel.name or ""}
    fields.update(rgba(channel.color))
    emission = nanometres(channel.emission_wavelength)
    excitation = nanometres(channel.excitation_wavelength)
    if emission is not None:
        fields["emission_wave"] = emission
    if excitation is not None:
        fields["excitation_wave"] = excitation
    return fields


def pixels_fields(meta: SeriesMetadata) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "size_x": meta.size_x,
        "size_y": meta.size_y,
        "size_z": meta.size_z,
        "size_c": meta.size_c,
        "size_t": meta.size_t,
        "pixels_type": meta.pixel_type.value,
        "dimension_order": meta.dimension_order,
        "significant_bits": 1 if meta.pixel_type.value == "bit" else meta.dtype.itemsize * 8,
        "time_increment": meta.time_increment,
    }
    fields.update(length_fields("physical_size_x", meta.physical_size_x))
    fields.update(length_fields("physical_size_y", meta.physical_size_y))
    fields.update(length_fields("physical_size_z", meta.physical_size_z))
    return fields


#: Names writers give an image that has none: tifffile's "Image0", Bio-Formats'
#: "Series 0", OME-XML ids ("Image:0"), "Image", "Untitled", "Default".
GENERIC_NAME = re.compile(
    r"^\s*(?:(?:image|series|img|untitled|default|unnamed)\s*[#:_-]?\s*\d*)?\s*$", re.I
)


def is_generic(name: str | None) -> bool:
    """Whether ``name`` says nothing of the image (see :data:`GENERIC_NAME`)."""
    return name is None or GENERIC_NAME.match(name) is not None


def image_name(
    file_name: str, meta: SeriesMetadata, count: int, name: str | None, index: int = 0
) -> str:
    """The image's name by OMERO's rules (see the module's docstring)."""
    if count == 1:
        if name:
            return name
        return file_name if is_generic(meta.name) else meta.name
    base = name or file_name
    if meta.name and meta.name.startswith(f"{file_name} ["):  # a reader's "file [n]"
        return base + meta.name[len(file_name) :]
    series = meta.name if meta.name and meta.name != file_name else str(index)
    return f"{base} [{series}]"


def objective_fields(objective: Objective | None) -> dict[str, Any] | None:
    """The Objective row's fields (and ``microscope``) of what the reader found."""
    if not objective:
        return None
    fields = {key: value for key, value in asdict(objective).items() if value is not None}
    for key in ("model", "manufacturer", "microscope"):
        if key in fields:
            fields[key] = str(fields[key])[:255]
    if "immersion" in fields:
        fields["immersion"] = str(fields["immersion"])[:32]
    return fields


def image_specs(
    file_name: str,
    metadata: Sequence[SeriesMetadata],
    *,
    name: str | None = None,
    description: str = "",
) -> list[ImageSpec]:
    """One spec per series, in the fileset's order."""
    specs = []
    for index, meta in enumerate(metadata):
        specs.append(
            ImageSpec(
                name=image_name(file_name, meta, len(metadata), name, index)[:255],
                pixels=pixels_fields(meta),
                channels=[channel_fields(ch, c) for c, ch in enumerate(meta.channels)],
                description=description or meta.description or "",
                acquisition_date=meta.acquisition_date,
                series=index,
                original=meta.original,
                objective=objective_fields(meta.objective),
            )
        )
    return specs


def _micrometres(length: Length | None) -> float | None:
    if length is None:
        return None
    try:
        return length.micrometres
    except ValueError:
        return None


def plate_specs(plates: Sequence[Plate], file_name: str) -> list[PlateSpec]:
    """The reader's plates; each well sample names the index of its series."""
    specs = []
    for plate in plates:
        samples = [
            WellSampleSpec(
                row=well.row,
                column=well.column,
                index=field,  # the field: its place in the well (OME's index is global)
                image=sample.series,
                acquisition=sample.acquisition,
                pos_x=_micrometres(sample.position_x),
                pos_y=_micrometres(sample.position_y),
            )
            for well in plate.wells
            for field, sample in enumerate(well.samples)
        ]
        specs.append(
            PlateSpec(
                name=(plate.name or file_name)[:255],
                rows=plate.rows,
                columns=plate.columns,
                row_naming=plate.row_naming,
                column_naming=plate.column_naming,
                acquisitions=[a.name or f"Run {a.index + 1}" for a in plate.acquisitions],
                samples=samples,
            )
        )
    return specs
