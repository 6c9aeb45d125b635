"""The native MRC/CCP4 reader (mrcfile) reads every MRC of the corpus as Bio-Formats does:
rows top-down, voxel sizes from Å to µm."""

from __future__ import annotations

import numpy as np
import pytest
from tests.bioformats_oracle import corpus_file, corpus_rows, differences

from pyomero.pixels import open_image
from pyomero.pixels.errors import UnsupportedFormat
from pyomero.pixels.readers import MrcReader


@pytest.mark.parametrize("name", corpus_rows("MRC/CCP4"))
def test_it_reads_every_corpus_file_as_bioformats_does(name: str) -> None:
    path = corpus_file(name)
    with MrcReader(path) as reader:
        assert differences(reader, path) == []


def test_it_refuses_a_map_of_several_volumes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import mrcfile

    path = tmp_path / "volumes.mrc"
    with mrcfile.new(path) as mrc:
        mrc.set_data(np.zeros((2, 3, 4, 5), dtype=np.float32))
    with pytest.raises(UnsupportedFormat, match="2 volumes"):
        open_image(path)
