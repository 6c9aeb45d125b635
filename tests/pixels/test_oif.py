"""The native Olympus OIB/OIF reader (oiffile) reads every OIB of the corpus as Bio-Formats
does: channel names, pixel sizes; and refuses, naming the plane, one whose plane TIFF is
missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.bioformats_oracle import corpus_file, corpus_rows, differences

from pyomero.pixels import open_image
from pyomero.pixels.errors import CorruptFile
from pyomero.pixels.readers import OlympusOifReader


@pytest.mark.parametrize("name", corpus_rows("Olympus OIB"))
def test_it_reads_every_corpus_file_as_bioformats_does(name: str) -> None:
    path = corpus_file(name)
    with OlympusOifReader(path) as reader:
        assert differences(reader, path) == []


def test_it_names_the_channels() -> None:
    with open_image(corpus_file("samples/oib/oiffile_test.oib")) as reader:
        assert isinstance(reader, OlympusOifReader)
        names = [c.name for c in reader.series[0].metadata.channels]
        assert names == ["CH1", "CH2", "TD1"]


@pytest.mark.parametrize(("channel", "plane"), [(1, "z=0, c=0, t=0"), (2, "z=0, c=1, t=0")])
def test_it_refuses_a_file_whose_plane_tiff_is_missing(
    tmp_path: Path, channel: int, plane: str
) -> None:
    # OibInfo.txt maps the compound file's streams to the plane TIFFs' names; renamed,
    # the plane is gone (tifffile would read C002 as zeros, or C002 as the first channel).
    data = corpus_file("samples/oib/oiffile_test.oib").read_bytes()
    name = f"Storage00001/s_C00{channel}.tif".encode("utf-16-le")
    assert data.count(name) == 1
    path = tmp_path / "damaged.oib"
    path.write_bytes(data.replace(name, name[:-2] + "x".encode("utf-16-le")))
    with pytest.raises(CorruptFile) as failed:
        OlympusOifReader(path)
    assert str(failed.value) == (
        f"{path}: plane {plane}, series 0 has no TIFF in the file: "
        "the file is damaged or incomplete"
    )
