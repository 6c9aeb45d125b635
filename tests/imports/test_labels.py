"""OME-Zarr label images become Mask ROIs on their image."""

from __future__ import annotations

from typing import Any

import numpy as np

from pyomero.model.models import Roi, Shape, int_to_rgba
from pyomero.pixels import synthetic as syn
from pyomero.testing.samples import Sample

from .conftest import only


def test_it_turns_each_label_value_into_a_mask_roi(
    samples: dict[str, Sample], do_import: Any
) -> None:
    sample = samples["zarr-0.4"]
    result = only(do_import(sample.path))
    roi = Roi.objects.get(image_id=result.image_ids[0])
    assert roi.name == "cells 1"
    shapes = list(Shape.objects.filter(roi=roi).order_by("the_z"))
    assert [(s.kind, s.the_z, s.the_t) for s in shapes] == [("Mask", 0, 0), ("Mask", 1, 0)]
    data = syn.stack(syn.synthetic_metadata(150, 130, size_z=2, size_c=2))
    for shape in shapes:
        want = data[0, 0, shape.the_z] % 7 == 0
        ys, xs = np.nonzero(want)
        assert (shape.x, shape.y) == (xs.min(), ys.min())
        assert (shape.width, shape.height) == (xs.max() - xs.min() + 1, ys.max() - ys.min() + 1)
        bits = np.unpackbits(np.frombuffer(shape.bytes, np.uint8))
        box = want[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
        np.testing.assert_array_equal(bits[: box.size].reshape(box.shape), box)
        assert int_to_rgba(shape.fill_color) == (255, 0, 0, 255)
