"""OME-XML of the 2016-06 schema read with ElementTree: the fast path of
:func:`pyomero.pixels.readers.omexml.parse_ome_xml`.

It reads only what pyomero maps (images, their pixels, channels, planes and TiffData
files; plates, wells, fields and runs) and gives up (``None``) on anything it is not sure
ome-types would read the same way: another schema, a missing or malformed ID, a number
out of the schema's range, an unknown unit or enumeration, a date that is not a plain
``xsd:dateTime``. ome-types then reads the document, exactly as before this path existed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from typing import Any

from pyomero.pixels.metadata import (
    Channel,
    Objective,
    Plane,
    Plate,
    PlateAcquisition,
    Well,
    WellPlacement,
    WellSample,
)
from pyomero.pixels.readers.omexml import (
    OmeDocument,
    OmeImage,
    aware,
    length,
    seconds,
)

NAMESPACE = "http://www.openmicroscopy.org/Schemas/OME/2016-06"
_NS = "{" + NAMESPACE + "}"

#: The schema's ``UnitsLength`` and ``UnitsTime`` (a test checks them against ome-types).
_LENGTHS = "Ym Zm Em Pm Tm Gm Mm km hm dam m dm cm mm µm nm pm fm am zm ym Å thou li in ft yd"
_TIMES = "Ys Zs Es Ps Ts Gs Ms ks hs das s ds cs ms µs ns ps fs as zs ys min h d"
_TYPES = "int8 int16 int32 uint8 uint16 uint32 float double complex double-complex bit"
LENGTH_UNITS = frozenset(
    (*_LENGTHS.split(), "mi", "ua", "ly", "pc", "pt", "pixel", "reference frame")
)
TIME_UNITS = frozenset(_TIMES.split())
PIXEL_TYPES = frozenset(_TYPES.split())
DIMENSION_ORDERS = frozenset(("XYZCT", "XYZTC", "XYCTZ", "XYCZT", "XYTCZ", "XYTZC"))
NAMING_CONVENTIONS = frozenset(("letter", "number"))
IMMERSIONS = frozenset(("Oil", "Water", "WaterDipping", "Air", "Multi", "Glycerol", "Other"))

_INT = re.compile(r"[0-9]+")
_SIGNED = re.compile(r"[+-]?[0-9]+")
_FLOAT = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_DATE = re.compile(
    r"-?[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})?"
)
_UUID = re.compile(
    r"urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)


class _Unsure(Exception):
    """A value the fast path does not vouch for: ome-types reads the document."""


def read_current_schema(xml: str) -> OmeDocument | None:
    """The document, or None when it is not plainly of the 2016-06 schema."""
    try:
        root = ET.fromstring(xml)
        if root.tag != _NS + "OME":
            return None
        return _document(root)
    except (_Unsure, ET.ParseError, ValueError):
        return None


def _document(root: ET.Element) -> OmeDocument:
    images = tuple(_image(item, root) for item in root.findall(_NS + "Image"))
    plates, placements = _plates(root, images)
    binary = root.find(_NS + "BinaryOnly")
    return OmeDocument(
        images=images,
        plates=plates,
        placements=placements,
        binary_only=None if binary is None else _required(binary, "MetadataFile"),
    )


def _image(item: ET.Element, root: ET.Element) -> OmeImage:
    image_id = _id(item, "Image")
    pixels = item.find(_NS + "Pixels")
    if pixels is None:
        raise _Unsure("an Image without Pixels")
    _id(pixels, "Pixels")
    if _required(pixels, "Type") not in PIXEL_TYPES:
        raise _Unsure("pixel type")
    order = _required(pixels, "DimensionOrder")
    if order not in DIMENSION_ORDERS:
        raise _Unsure("dimension order")
    sizes = tuple(_int(_required(pixels, f"Size{axis}"), 1) for axis in "XYZCT")
    channels = tuple(_channel(c) for c in pixels.findall(_NS + "Channel"))
    name = item.get("Name")
    fields: dict[str, Any] = {
        "name": name or image_id,
        "description": _text(item, "Description") or None,
        "acquisition_date": aware(_datetime(_text(item, "AcquisitionDate"))),
        "physical_size_x": _length(pixels, "PhysicalSizeX", "µm", positive=True),
        "physical_size_y": _length(pixels, "PhysicalSizeY", "µm", positive=True),
        "physical_size_z": _length(pixels, "PhysicalSizeZ", "µm", positive=True),
        "time_increment": _seconds(pixels, "TimeIncrement"),
        "channels": channels if len(channels) == sizes[3] else (),
        "planes": tuple(_plane(p) for p in pixels.findall(_NS + "Plane")),
        "objective": _objective(root, item),
    }
    return OmeImage(
        id=image_id,
        name=name,
        sizes=(sizes[0], sizes[1], sizes[2], sizes[3], sizes[4]),
        dimension_order=order,
        fields=fields,
        data_files=_data_files(pixels),
    )


def _objective(root: ET.Element, image: ET.Element) -> Objective | None:
    """The objective of the image's ObjectiveSettings (or its instrument's only one), with
    the microscope of that instrument, as :func:`omexml.objective` finds it."""
    settings = image.find(_NS + "ObjectiveSettings")
    wanted = None if settings is None else _required(settings, "ID")
    reference = image.find(_NS + "InstrumentRef")
    instrument_id = None if reference is None else reference.get("ID")
    for instrument in root.findall(_NS + "Instrument"):
        objectives = instrument.findall(_NS + "Objective")
        mine = instrument_id is not None and instrument.get("ID") == instrument_id
        for item in objectives:
            if item.get("ID") == wanted or (wanted is None and mine and len(objectives) == 1):
                return _objective_of(instrument, item)
    return None


def _objective_of(instrument: ET.Element, item: ET.Element) -> Objective | None:
    immersion = item.get("Immersion")
    if immersion is not None and immersion not in IMMERSIONS:
        raise _Unsure("immersion")
    scope = instrument.find(_NS + "Microscope")
    parts = () if scope is None else (scope.get("Manufacturer"), scope.get("Model"))
    microscope = " ".join(part for part in parts if part)
    found = Objective(
        model=item.get("Model") or None,
        manufacturer=item.get("Manufacturer") or None,
        nominal_magnification=_float(item.get("NominalMagnification")),
        lens_na=_float(item.get("LensNA")),
        immersion=immersion or None,
        microscope=microscope or None,
    )
    return found or None


def _data_files(pixels: ET.Element) -> tuple[str, ...]:
    names = []
    for block in pixels.findall(_NS + "TiffData"):
        for attribute in ("IFD", "FirstZ", "FirstT", "FirstC", "PlaneCount"):
            if block.get(attribute) is not None:
                _int(block.get(attribute, ""), 0)
        uuid = block.find(_NS + "UUID")
        if uuid is None:
            continue
        if not _UUID.fullmatch(uuid.text or ""):
            raise _Unsure("UUID")
        name = uuid.get("FileName")
        if name:
            names.append(name)
    return tuple(names)


def _channel(item: ET.Element) -> Channel:
    _id(item, "Channel")
    color = None
    given = item.get("Color")
    if given is not None:
        if not _SIGNED.fullmatch(given):
            raise _Unsure("colour")
        value = int(given)
        color = f"{value >> 24 & 255:02X}{value >> 16 & 255:02X}{value >> 8 & 255:02X}"
    return Channel(
        name=item.get("Name"),
        color=color,
        emission_wavelength=_length(item, "EmissionWavelength", "nm", positive=True),
        excitation_wavelength=_length(item, "ExcitationWavelength", "nm", positive=True),
    )


def _plane(item: ET.Element) -> Plane:
    return Plane(
        the_z=_int(_required(item, "TheZ"), 0),
        the_c=_int(_required(item, "TheC"), 0),
        the_t=_int(_required(item, "TheT"), 0),
        delta_t=_seconds(item, "DeltaT"),
        exposure_time=_seconds(item, "ExposureTime"),
    )


def _plates(
    root: ET.Element, images: tuple[OmeImage, ...]
) -> tuple[tuple[Plate, ...], dict[int, WellPlacement]]:
    """As :func:`pyomero.pixels.readers.omexml.plates` reads an ome-types model."""
    image_index = {image.id: index for index, image in enumerate(images)}
    found: list[Plate] = []
    placements: dict[int, WellPlacement] = {}
    for plate_index, item in enumerate(root.findall(_NS + "Plate")):
        _id(item, "Plate")
        acquisitions = []
        sample_acquisition: dict[str, int] = {}
        for acq_index, acq in enumerate(item.findall(_NS + "PlateAcquisition")):
            _id(acq, "PlateAcquisition")
            acquisitions.append(
                PlateAcquisition(
                    index=acq_index,
                    name=acq.get("Name"),
                    start_time=aware(_datetime(acq.get("StartTime"))),
                    end_time=aware(_datetime(acq.get("EndTime"))),
                )
            )
            for ref in acq.findall(_NS + "WellSampleRef"):
                sample_acquisition[_id(ref, "WellSample")] = acq_index
        wells = []
        for well in item.findall(_NS + "Well"):
            _id(well, "Well")
            row = _int(_required(well, "Row"), 0)
            column = _int(_required(well, "Column"), 0)
            samples = []
            for field_index, sample in enumerate(well.findall(_NS + "WellSample")):
                sample_id = _id(sample, "WellSample")
                index = _int(_required(sample, "Index"), 0)
                position_x = _length(sample, "PositionX", "reference frame")
                position_y = _length(sample, "PositionY", "reference frame")
                image_ref = sample.find(_NS + "ImageRef")
                image_id = None if image_ref is None else _id(image_ref, "Image")
                if image_id is None or image_id not in image_index:
                    continue
                series = image_index[image_id]
                acquisition = sample_acquisition.get(sample_id)
                samples.append(
                    WellSample(
                        index=index,
                        series=series,
                        acquisition=acquisition,
                        position_x=position_x,
                        position_y=position_y,
                    )
                )
                placements[series] = WellPlacement(
                    plate_index, row, column, field_index, acquisition
                )
            wells.append(Well(row, column, tuple(samples)))
        rows = _optional_int(item.get("Rows"), 1) or max((w.row + 1 for w in wells), default=1)
        columns = _optional_int(item.get("Columns"), 1) or max(
            (w.column + 1 for w in wells), default=1
        )
        found.append(
            Plate(
                name=item.get("Name"),
                rows=rows,
                columns=columns,
                wells=tuple(wells),
                acquisitions=tuple(acquisitions),
                row_naming=_naming(item.get("RowNamingConvention"), "letter"),
                column_naming=_naming(item.get("ColumnNamingConvention"), "number"),
            )
        )
    return tuple(found), placements


# Values -------------------------------------------------------------------------------


def _required(item: ET.Element, attribute: str) -> str:
    value = item.get(attribute)
    if value is None:
        raise _Unsure(f"no {attribute}")
    return value


def _id(item: ET.Element, kind: str) -> str:
    """The element's ID when ome-types would keep it as it is (it renumbers others)."""
    value = _required(item, "ID")
    pattern = rf"(urn:lsid:([\w\-\.]+\.[\w\-\.]+)+:{kind}:\S+)|({kind}:\S+)"
    if not re.match(pattern, value):
        raise _Unsure(f"{kind} ID")
    return value


def _int(text: str, minimum: int) -> int:
    if not _INT.fullmatch(text) or int(text) < minimum:
        raise _Unsure("integer")
    return int(text)


def _optional_int(text: str | None, minimum: int) -> int | None:
    return None if text is None else _int(text, minimum)


def _float(text: str | None, positive: bool = False) -> float | None:
    if text is None:
        return None
    if not _FLOAT.fullmatch(text):
        raise _Unsure("number")
    value = float(text)
    if positive and not value > 0:
        raise _Unsure("number out of range")
    return value


def _length(item: ET.Element, attribute: str, default_unit: str, positive: bool = False) -> Any:
    value = _float(item.get(attribute), positive)
    unit = item.get(attribute + "Unit", default_unit)
    if unit not in LENGTH_UNITS:
        raise _Unsure("length unit")
    return length(value, unit)


def _seconds(item: ET.Element, attribute: str) -> float | None:
    value = _float(item.get(attribute))
    unit = item.get(attribute + "Unit", "s")
    if unit not in TIME_UNITS:
        raise _Unsure("time unit")
    return seconds(value, unit)


def _naming(value: str | None, default: str) -> str:
    if value is not None and value not in NAMING_CONVENTIONS:
        raise _Unsure("naming convention")
    return value or default


def _text(item: ET.Element, tag: str) -> str | None:
    child = item.find(_NS + tag)
    if child is None:
        return None
    if len(child):
        raise _Unsure(f"{tag} with elements")
    return child.text or ""


def _datetime(text: str | None) -> datetime | None:
    if text is None:
        return None
    if not _DATE.fullmatch(text):
        raise _Unsure("date")
    return datetime.fromisoformat(text)
