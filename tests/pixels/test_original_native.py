"""Original metadata of the native readers: on the corpus files, the pairs a user looks
for (an ND2's objective and camera, a DV's wavelengths, a DICOM's modality...), and, where
Bio-Formats names them alike, the same values as Bio-Formats' original metadata."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.bioformats_oracle import corpus_file

from pyomero.pixels import Objective, open_image
from pyomero.pixels.original import MAX_PAIRS, MAX_VALUE
from pyomero.pixels.readers import BioformatsReader, _jvm

needs_bioformats = pytest.mark.skipif(
    _jvm.missing() is not None, reason=f"Bio-Formats is not installed: {_jvm.missing()}"
)

ND2 = "samples/nd2/pims_cluster.nd2"


def found(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The file's global pairs and its first series' pairs, as dicts."""
    with open_image(path) as reader:
        pairs = reader.global_metadata
        series = reader.series[0].metadata.original
    assert 0 < len(pairs) + len(series) <= 2 * MAX_PAIRS
    assert all(len(value) <= MAX_VALUE for _, value in pairs + series)
    return dict(pairs), dict(series)


def bioformats_agrees(path: Path, keys: list[str]) -> None:
    """Bio-Formats gives the same values under these keys (global or series pairs)."""
    mine_global, mine_series = found(path)
    mine = {**mine_series, **mine_global}
    with BioformatsReader(path) as reference:
        theirs = {**dict(reference.series[0].metadata.original), **dict(reference.global_metadata)}
    assert {key: mine.get(key) for key in keys} == {key: theirs.get(key) for key in keys}


def test_an_nd2_gives_its_objective_camera_and_channels() -> None:
    pairs, _ = found(corpus_file(ND2))
    assert pairs["Camera Name"] == "Nikon A1plus"
    assert pairs["Numerical Aperture"] == "0.95"
    assert pairs["TextInfo|optics"] == "Plan Apo λ 60x"
    assert pairs["Metadata|channels #1|channel|name"] == "5-FAM/pH 9.0"
    assert pairs["Metadata|channels #2|channel|emissionLambdaNm"] == "700.0"
    assert pairs["Experiment #2|parameters|stepUm"] == "0.5"
    with open_image(corpus_file(ND2)) as reader:
        lens = reader.series[0].metadata.objective
    assert lens is not None
    assert (lens.model, lens.nominal_magnification, lens.lens_na) == ("Plan Apo λ 60x", 60.0, 0.95)


@needs_bioformats
def test_an_nd2_agrees_with_bioformats() -> None:
    bioformats_agrees(
        corpus_file(ND2),
        ["Camera Name", "Numerical Aperture", "Dimensions", "Time Loop", "LightPath #2"],
    )


DV = "samples/dv/mrc_toxo.dv"


def test_a_deltavision_gives_its_wavelengths_and_lens() -> None:
    pairs, _ = found(corpus_file(DV))
    assert pairs["Number of wavelengths"] == "2"
    assert pairs["Wavelength 1 (in nm)"] == "525"
    assert pairs["Wavelength 2 (in nm)"] == "632"
    assert pairs["Title #04"].startswith("DECON3D:")
    assert pairs["Lens"] == "Olympus 100X/1.35, U Plan Apo, IX70"
    with open_image(corpus_file(DV)) as reader:
        lens = reader.series[0].metadata.objective
    assert lens is not None
    assert (lens.manufacturer, lens.nominal_magnification, lens.lens_na) == ("Olympus", 100.0, 1.35)


@needs_bioformats
def test_a_deltavision_agrees_with_bioformats() -> None:
    bioformats_agrees(
        corpus_file(DV),
        [
            "Wavelength 1 (in nm)",
            "Wavelength 2 (in nm)",
            "X element length (in um)",
            "Z element length (in um)",
            "Lens ID Number",
            "PixelType",
            "Number of focal planes",
        ],
    )


MRC = "samples/mrc/mrcfile_epu2.9_example.mrc"


def test_an_mrc_gives_its_header_and_the_microscope_of_its_fei_header() -> None:
    pairs, _ = found(corpus_file(MRC))
    assert pairs["Grid size (X)"] == "4096"
    assert pairs["Extended header type"] == "FEI2"
    assert pairs["Extended header|Application"] == "EPU"
    assert pairs["Extended header|Microscope type"] == "TITAN52337720"
    assert pairs["Extended header|HT"] == "300000.0"  # the accelerating voltage, in V
    assert not any("reserved" in key for key in pairs)


@needs_bioformats
def test_an_mrc_agrees_with_bioformats() -> None:
    bioformats_agrees(
        corpus_file(MRC),
        ["Grid size (X)", "Cell size (X)", "Mean pixel value", "Alpha angle", "ISPG"],
    )


OIB = "samples/oib/oiffile_test.oib"


def test_an_oib_gives_its_main_files_sections() -> None:
    pairs, _ = found(corpus_file(OIB))
    assert pairs["[Acquisition Parameters Common] Acquisition Device"] == "FV1000"
    assert pairs["[Acquisition Parameters Common] ImageCaputreDate"] == "2012-07-26 15:13:35"
    assert any(key.startswith("[Laser 0 Parameters] ") for key in pairs)


@needs_bioformats
def test_an_oib_agrees_with_bioformats() -> None:
    mine, _ = found(corpus_file(OIB))
    with BioformatsReader(corpus_file(OIB)) as reference:
        theirs = dict(reference.global_metadata)
    same = [key for key, value in mine.items() if theirs.get(key) == value]
    # all but quoted dates and Windows paths, which Bio-Formats rewrites
    assert len(same) >= 0.95 * len(mine)
    assert "[Acquisition Parameters Common] Acquisition Device" in same


IMS = "samples/ims/imaris-ims-file-reader_brain_crop3.ims"


def test_an_imaris_file_gives_its_dataset_info() -> None:
    pairs, _ = found(corpus_file(IMS))
    assert pairs["ImarisVersion"] == "5.5.0"
    assert pairs["Image|RecordingDate"] == "2018-12-10 23:23:19.000"
    assert pairs["Image|OriginalFormat"] == "TIFF"
    assert pairs["Image|Unit"] == "um"
    assert pairs["Channel 1|ColorRange"] == "767.000 27493.000"
    assert pairs["ImarisDataSet|Creator"] == "Imaris x64"


@needs_bioformats
def test_an_imaris_file_agrees_with_bioformats() -> None:
    mine, _ = found(corpus_file(IMS))
    with BioformatsReader(corpus_file(IMS)) as reference:
        theirs = dict(reference.global_metadata)
    # Bio-Formats names an attribute without its group
    for key in ("ImarisVersion", "Image|RecordingDate", "Image|ExtMax0", "ImarisDataSet|Creator"):
        assert mine[key] == theirs[key.rsplit("|", 1)[-1]]


DICOM = "samples/dicom/pathml_small_dicom.dcm"


def test_a_dicom_gives_its_tags_by_keyword() -> None:
    _, pairs = found(corpus_file(DICOM))
    assert pairs["Modality"] == "SM"  # slide microscopy
    assert pairs["TransferSyntaxUID"] == "1.2.840.10008.1.2.4.50"
    assert pairs["TotalPixelMatrixColumns"] == "3236"
    assert pairs["TotalPixelMatrixOriginSequence #1|XOffsetInSlideCoordinateSystem"] == "20.0"
    assert "PixelData" not in pairs


@needs_bioformats
def test_a_dicom_agrees_with_bioformats() -> None:
    from pydicom.datadict import dictionary_description, tag_for_keyword

    _, mine = found(corpus_file(DICOM))
    with BioformatsReader(corpus_file(DICOM)) as reference:
        theirs = {key.lower(): value for key, value in reference.series[0].metadata.original}
    # Bio-Formats names a tag by its number and description: "0008,0060 Modality"
    for keyword in ("Modality", "StudyDate", "SamplesPerPixel", "NumberOfFrames"):
        tag = tag_for_keyword(keyword)
        assert tag is not None
        name = f"{tag >> 16:04x},{tag & 0xFFFF:04x} {dictionary_description(tag)}".lower()
        assert mine[keyword] == theirs[name]


PHENIX = "samples/phenix/Version5/images/Index.idx.xml"


def test_an_opera_phenix_plate_gives_its_plate_and_channel_fields() -> None:
    pairs, series = found(corpus_file(PHENIX))
    assert pairs["InstrumentType"] == "Phenix"
    assert pairs["Plate|PlateTypeName"] == "384 PerkinElmer CellCarrier Ultra"
    assert series["Channel 1|ChannelName"] == "Digital Phase Contrast"
    assert series["Channel 1|ExposureTime"] == "0.1 s"
    assert series["Channel 1|CameraType"] == "AndorZylaCam"
    assert "Channel 1|URL" not in series  # where the plane is: no meaning to a user
    with open_image(corpus_file(PHENIX)) as reader:
        lens = reader.series[0].metadata.objective
    assert lens is not None
    assert (lens.nominal_magnification, lens.lens_na) == (20.0, 1.0)


SVS = "samples/svs/pathml_small_HE.svs"
QPTIFF = "samples/qptiff/pathml_small_vectra.qptiff"
QPI = "PerkinElmer-QPI-ImageDescription"


def test_an_svs_gives_its_tags_and_the_aperio_fields() -> None:
    pairs, _ = found(corpus_file(SVS))
    assert pairs["Compression"] == "JPEG"
    assert pairs["AppMag"] == "20"
    assert pairs["MPP"] == "0.4990"
    assert pairs["ScanScope ID"] == "CPAPERIOCS"
    assert pairs["Header"].startswith("Aperio Image Library")
    assert "ImageDescription" not in pairs  # given parsed


def test_a_qptiff_gives_each_channels_description() -> None:
    pairs, _ = found(corpus_file(QPTIFF))
    assert pairs["Software"] == "PerkinElmer-QPI"
    assert pairs[f"{QPI}|Name"] == "DAPI"
    assert pairs[f"{QPI}|Name #2"] == "FITC"
    assert pairs[f"{QPI}|ExposureTime #3"] == "208030"
    assert pairs[f"{QPI}|Objective"] == "10x"


@needs_bioformats
def test_whole_slide_tiffs_agree_with_bioformats() -> None:
    mine, _ = found(corpus_file(SVS))
    with BioformatsReader(corpus_file(SVS)) as reference:
        theirs = dict(reference.series[0].metadata.original)
    for key in ("AppMag", "MPP", "ScanScope ID", "Date", "Filename"):
        assert mine[key] == theirs[key]
    mine, _ = found(corpus_file(QPTIFF))
    with BioformatsReader(corpus_file(QPTIFF)) as reference:
        theirs = dict(reference.global_metadata)
    # Bio-Formats names a QPTIFF field by its element, numbered per channel
    for leaf, number in (("Name", 1), ("Name", 2), ("ExposureTime", 3), ("CameraName", 1)):
        key = f"{QPI}|{leaf}" + (f" #{number}" if number > 1 else "")
        assert mine[key] == theirs[f"{leaf} #{number}"]


LIF = "samples/lif/xz-example.lif"


def test_a_lif_gives_its_objective() -> None:
    with open_image(corpus_file(LIF)) as reader:
        lens = reader.series[0].metadata.objective
    assert lens == Objective(
        model="HC PL APO CS2    63x/1.30 GLYC",
        manufacturer="Leica",
        nominal_magnification=63.0,
        lens_na=1.3,
        immersion="Glycerol",
        microscope="Leica DMI6000B-CS",
    )
    with open_image(corpus_file("samples/lif/PR2729_frameOrderCombinedScanTypes.lif")) as reader:
        lens = reader.series[0].metadata.objective
    assert lens is not None
    assert (lens.model, lens.nominal_magnification, lens.lens_na, lens.immersion) == (
        "C PLAN  10.0x0.22 POL",
        10.0,
        0.22,
        "Air",
    )


@needs_bioformats
def test_a_lifs_objective_agrees_with_bioformats() -> None:
    with open_image(corpus_file(LIF)) as native, BioformatsReader(corpus_file(LIF)) as reference:
        mine = native.series[0].metadata.objective
        theirs = reference.series[0].metadata.objective
    assert mine is not None and theirs is not None
    assert mine.model == theirs.model  # Bio-Formats reads neither the NA nor glycerol here


def test_byte_tags_are_numbers_as_bioformats_shows_them() -> None:
    pairs, _ = found(corpus_file(QPTIFF))
    assert (pairs["SMinSampleValue"], pairs["SMaxSampleValue"]) == ("0", "81")


def test_nested_records_and_vendor_text_become_pairs() -> None:
    from dataclasses import dataclass

    from pyomero.pixels.original import text_lines, tree

    @dataclass
    class Lens:
        name: str
        na: float | None

    nested = {"scope": {"lenses": [Lens("60x", 1.4), Lens("10x", None)], "zoom": 2}}
    assert list(tree(nested)) == [
        ("scope|lenses #1|name", "60x"),
        ("scope|lenses #1|na", 1.4),
        ("scope|lenses #2|name", "10x"),  # an unset value is left out
        ("scope|zoom", 2),
    ]
    block = "Camera Name: A1\r\n Plane #1:\r\n  Name: GFP\r\n  Name: RFP\r\n{Speed}: 1"
    assert list(text_lines(block)) == [("Camera Name", "A1"), ("Name", "GFP"), ("Name #2", "RFP")]
