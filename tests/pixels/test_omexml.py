"""OME-XML of the current schema is read without ome-types, to the same values; anything
the fast path is not sure of is read by ome-types as before."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import tifffile
from ome_types import model as ome
from tests.bioformats_oracle import corpus_file, corpus_rows

from pyomero.pixels.errors import CorruptFile
from pyomero.pixels.readers import _ome2016
from pyomero.pixels.readers.omexml import document_of, parse_ome_xml, parse_with_ome_types

HERE = Path("test.ome.tif")


def both(xml: str) -> tuple[object, object]:
    return _ome2016.read_current_schema(xml), document_of(parse_with_ome_types(HERE, xml))


@pytest.mark.parametrize("name", corpus_rows("OME-TIFF"))
def test_it_reads_every_corpus_ome_xml_as_ome_types_does(name: str) -> None:
    with tifffile.TiffFile(corpus_file(name)) as tif:
        xml = tif.ome_metadata or ""
    fast, slow = both(xml)
    if _ome2016.NAMESPACE in xml[:2000]:
        assert fast is not None, "a 2016-06 document went to ome-types"
    assert fast is None or fast == slow


def rich_document() -> ome.OME:
    """Every value pyomero maps, with units other than the defaults."""
    planes = [
        ome.Plane(the_z=0, the_c=c, the_t=t, delta_t=250.0 * t, delta_t_unit="ms")
        for t in range(2)
        for c in range(2)
    ]
    instruments = [
        ome.Instrument(
            id="Instrument:0",
            microscope=ome.Microscope(manufacturer="Zeiss", model="LSM 880"),
            objectives=[
                ome.Objective(
                    id="Objective:0:0",
                    model="Plan-Apochromat 63x/1.40 Oil",
                    manufacturer="Zeiss",
                    nominal_magnification=63.0,
                    lens_na=1.4,
                    immersion="Oil",
                ),
                ome.Objective(id="Objective:0:1", nominal_magnification=10.0, immersion="Air"),
            ],
        )
    ]
    image = ome.Image(
        id="Image:0",
        name="rich",
        instrument_ref=ome.InstrumentRef(id="Instrument:0"),
        objective_settings=ome.ObjectiveSettings(id="Objective:0:0"),
        description="two lines\n  of description ",
        acquisition_date=datetime(2024, 5, 6, 7, 8, 9, 123000, tzinfo=timezone(timedelta(hours=2))),
        pixels=ome.Pixels(
            id="Pixels:0",
            dimension_order="XYCZT",
            type="uint16",
            size_x=8,
            size_y=6,
            size_z=1,
            size_c=2,
            size_t=2,
            physical_size_x=0.25,
            physical_size_y=250.0,
            physical_size_y_unit="nm",
            time_increment=0.5,
            time_increment_unit="min",
            channels=[
                ome.Channel(
                    id="Channel:0:0", name="DAPI", color=-16776961, emission_wavelength=461
                ),
                ome.Channel(
                    id="Channel:0:1",
                    excitation_wavelength=0.488,
                    excitation_wavelength_unit="µm",
                ),
            ],
            planes=planes,
            tiff_data_blocks=[
                ome.TiffData(
                    ifd=0,
                    plane_count=4,
                    uuid=ome.TiffData.UUID(
                        value="urn:uuid:0b8a4c41-3b1e-4f4f-9f54-8d6cb7a8c2a1", file_name="a.tif"
                    ),
                )
            ],
        ),
    )
    unnamed = ome.Image(
        id="Image:1",
        pixels=ome.Pixels(
            id="Pixels:1",
            dimension_order="XYZCT",
            type="float",
            size_x=2,
            size_y=2,
            size_z=1,
            size_c=1,
            size_t=1,
            metadata_only=True,
        ),
    )
    samples = [
        ome.WellSample(
            id="WellSample:0",
            index=0,
            position_x=1.5,
            position_y=2.5,
            image_ref=ome.ImageRef(id="Image:0"),
        ),
        ome.WellSample(
            id="WellSample:1",
            index=1,
            position_x=3.0,
            position_x_unit="mm",
            image_ref=ome.ImageRef(id="Image:1"),
        ),
    ]
    plate = ome.Plate(
        id="Plate:0",
        name="screen plate",
        column_naming_convention="letter",
        wells=[ome.Well(id="Well:0", row=1, column=2, well_samples=samples)],
        plate_acquisitions=[
            ome.PlateAcquisition(
                id="PlateAcquisition:0",
                name="run 1",
                start_time=datetime(2024, 5, 6, 7, 0, 0),
                well_sample_refs=[ome.WellSampleRef(id="WellSample:1")],
            )
        ],
    )
    return ome.OME(images=[image, unnamed], plates=[plate], instruments=instruments)


def test_it_reads_every_mapped_value_as_ome_types_does() -> None:
    fast, slow = both(rich_document().to_xml())
    assert fast is not None
    assert fast == slow
    lens = fast.images[0].fields["objective"]
    assert (lens.model, lens.lens_na, lens.immersion) == (
        "Plan-Apochromat 63x/1.40 Oil",
        1.4,
        "Oil",
    )
    assert lens.microscope == "Zeiss LSM 880"


def test_it_reads_a_binary_only_document_as_ome_types_does() -> None:
    xml = ome.OME(
        binary_only=ome.OME.BinaryOnly(
            metadata_file="full.companion.ome", uuid="urn:uuid:0b8a4c41-3b1e-4f4f-9f54-8d6cb7a8c2a1"
        )
    ).to_xml()
    fast, slow = both(xml)
    assert fast is not None and fast.binary_only == "full.companion.ome"
    assert fast == slow


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/OME/2016-06", "/OME/2015-01"),  # another schema: ome-types converts it
        ('ID="Image:0"', 'ID="first"'),  # ome-types renumbers an invalid ID
        ('SizeX="8"', 'SizeX="0"'),  # out of the schema's range: ome-types refuses it
        ('PhysicalSizeX="0.25"', 'PhysicalSizeX="-0.25"'),
        ('PhysicalSizeYUnit="nm"', 'PhysicalSizeYUnit="furlong"'),
        ('DimensionOrder="XYCZT"', 'DimensionOrder="XYZ"'),
        ('Color="-16776961"', 'Color="red"'),  # ome-types takes a colour's name
        ("2024-05-06T07:08:09.123+02:00", "1714971600"),  # a timestamp, to pydantic
        ('Index="1"', 'Index=" 1"'),
    ],
)
def test_it_leaves_to_ome_types_what_it_is_not_sure_of(old: str, new: str) -> None:
    xml = rich_document().to_xml()
    assert old in xml
    changed = xml.replace(old, new, 1)
    assert _ome2016.read_current_schema(changed) is None
    try:
        expected = document_of(parse_with_ome_types(HERE, changed))
    except CorruptFile as refused:
        with pytest.raises(CorruptFile) as failed:
            parse_ome_xml(HERE, changed)
        assert str(failed.value) == str(refused)
    else:
        assert parse_ome_xml(HERE, changed) == expected


def test_malformed_xml_is_a_corrupt_file_as_before() -> None:
    with pytest.raises(CorruptFile, match=r"test\.ome\.tif: unreadable OME-XML"):
        parse_ome_xml(HERE, "<OME xmlns='http://www.openmicroscopy.org/Schemas/OME/2016-06'>")


def test_its_units_and_enumerations_are_the_schemas() -> None:
    assert {u.value for u in ome.UnitsLength} == _ome2016.LENGTH_UNITS
    assert {u.value for u in ome.UnitsTime} == _ome2016.TIME_UNITS
    assert {p.value for p in ome.PixelType} == _ome2016.PIXEL_TYPES
    assert {d.value for d in ome.Pixels_DimensionOrder} == _ome2016.DIMENSION_ORDERS
    assert {n.value for n in ome.NamingConvention} == _ome2016.NAMING_CONVENTIONS
    assert {i.value for i in ome.Objective_Immersion} == _ome2016.IMMERSIONS


def test_a_naive_date_is_taken_as_utc() -> None:
    document = _ome2016.read_current_schema(rich_document().to_xml())
    assert document is not None
    started = document.plates[0].acquisitions[0].start_time
    assert started == datetime(2024, 5, 6, 7, 0, 0, tzinfo=UTC)
