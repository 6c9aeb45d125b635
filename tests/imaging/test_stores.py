"""Opened pyramids are shared; pixels being written or failed are not read."""

from __future__ import annotations

import pytest

from pyomero.imaging import PixelsNotReadyError, PixelsUnavailableError, open_pixels
from pyomero.model.models import Image
from pyomero.testing.images import make_pixels_image, pixels_of


def test_it_opens_each_store_once(image: Image) -> None:
    assert open_pixels(pixels_of(image)) is open_pixels(pixels_of(image))


def test_it_refuses_pixels_being_written(owner_ctx) -> None:
    writing = make_pixels_image(owner_ctx, state="writing")
    with pytest.raises(PixelsNotReadyError) as refused:
        open_pixels(pixels_of(writing))
    assert refused.value.status == 503 and refused.value.back_off_ms == 5000


def test_it_refuses_failed_imports(owner_ctx) -> None:
    failed = make_pixels_image(owner_ctx, state="failed")
    with pytest.raises(PixelsUnavailableError):
        open_pixels(pixels_of(failed))
