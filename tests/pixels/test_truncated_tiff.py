"""A truncated TIFF is refused, naming where it is cut, before any reader reads what is
left as a smaller image (a 1-channel OME-TIFF, a stack missing its last planes)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import tifffile

from pyomero.pixels import CorruptFile, open_image
from pyomero.pixels import synthetic as syn


def cut(path: Path, keep: float) -> Path:
    short = path.with_name("cut-" + path.name)
    data = path.read_bytes()
    short.write_bytes(data[: int(len(data) * keep)])
    return short


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.95])
def test_it_refuses_a_truncated_ome_tiff(tmp_path: Path, keep: float) -> None:
    whole = tmp_path / "s.ome.tif"
    syn.write_ome_tiff(whole, syn.synthetic_metadata(64, 48, size_z=3, size_c=2, size_t=2))
    path = cut(whole, keep)
    with pytest.raises(CorruptFile, match=r"truncated: the file ends at byte \d+"):
        open_image(path)


def test_it_names_the_first_missing_plane_of_a_stack(tmp_path: Path) -> None:
    whole = tmp_path / "stack.tif"
    planes = np.arange(10 * 64 * 64, dtype=np.uint16).reshape(10, 64, 64)
    with tifffile.TiffWriter(whole) as writer:
        for plane in planes:  # one page each, data before its directory
            writer.write(plane, contiguous=False)
    size = whole.stat().st_size
    path = cut(whole, 0.55)
    with pytest.raises(CorruptFile) as caught:
        open_image(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: truncated: the file ends at byte {int(size * 0.55)}")
    assert "plane (page) 6 is cut off" in message and "only the first 5 are complete" in message


def test_a_whole_file_still_opens(tmp_path: Path) -> None:
    whole = tmp_path / "s.ome.tif"
    syn.write_ome_tiff(whole, syn.synthetic_metadata(64, 48, size_c=2))
    with open_image(whole) as reader:
        assert reader.series[0].metadata.size_c == 2
