"""Plates, plate acquisitions (runs), wells and their well samples (fields)."""

from __future__ import annotations

from collections.abc import Iterable

from pyomero.api.encoders.base import Encoder, length, millis, put
from pyomero.api.encoders.images import encode_image
from pyomero.api.schema import Json
from pyomero.model.models import Plate, PlateAcquisition, Well, WellSample


def encode_plate(enc: Encoder, plate: Plate) -> Json:
    encoded = enc.named(plate, "Plate")
    put(encoded, "ColumnNamingConvention", plate.column_naming_convention)
    put(encoded, "RowNamingConvention", plate.row_naming_convention)
    put(encoded, "Columns", plate.columns)
    put(encoded, "Rows", plate.rows)
    put(encoded, "FieldIndex", plate.field_index)
    put(encoded, "ExternalIdentifier", plate.external_identifier)
    put(encoded, "Status", plate.status)
    return encoded


def encode_plate_acquisition(enc: Encoder, acquisition: PlateAcquisition) -> Json:
    encoded = enc.named(acquisition, "PlateAcquisition")
    put(encoded, "MaximumFieldCount", acquisition.maximum_field_count)
    put(encoded, "StartTime", millis(acquisition.start_time))
    put(encoded, "EndTime", millis(acquisition.end_time))
    return encoded


def encode_well(
    enc: Encoder, well: Well, samples: Iterable[WellSample] = (), *, pixels: bool = False
) -> Json:
    """A well with the given samples, each with its image (and the image's pixels)."""
    encoded = enc.start(well, "Well")
    encoded["Column"] = well.column
    encoded["Row"] = well.row
    put(encoded, "ExternalDescription", well.external_description)
    put(encoded, "Type", well.type)
    fields = [encode_well_sample(enc, sample, pixels=pixels) for sample in samples]
    if fields:
        encoded["WellSamples"] = fields
    return encoded


def encode_well_sample(enc: Encoder, sample: WellSample, *, pixels: bool = False) -> Json:
    encoded = enc.start(sample, "WellSample")
    put(encoded, "PositionX", length(sample.pos_x, "REFERENCEFRAME"))
    put(encoded, "PositionY", length(sample.pos_y, "REFERENCEFRAME"))
    encoded["Image"] = encode_image(enc, sample.image, pixels=pixels)
    if sample.plate_acquisition is not None:
        encoded["PlateAcquisition"] = encode_plate_acquisition(enc, sample.plate_acquisition)
    return encoded
