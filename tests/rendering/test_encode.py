"""Encoders, tested by decoding what they write."""

from __future__ import annotations

import numpy as np
import pytest

from pyomero.rendering import (
    ChannelSettings,
    ImageFormat,
    InvalidParameterError,
    RenderSettings,
    decode,
    encode,
    encode_jpeg,
    parse_format,
    render,
)
from pyomero.rendering.encode import jpeg_quality


def smooth_rgb(height=48, width=64):
    y, x = np.mgrid[0:height, 0:width]
    return np.stack([x * 4, y * 5, (x + y) * 2], axis=-1).clip(0, 255).astype(np.uint8)


def test_jpeg_decodes_close_to_the_image():
    image = smooth_rgb()
    decoded = decode(encode(image, ImageFormat.JPEG))
    assert decoded.shape == image.shape
    assert np.abs(decoded.astype(int) - image).mean() < 3


def test_higher_quality_jpeg_is_closer_and_larger():
    image = smooth_rgb()
    low, high = encode_jpeg(image, 0.2), encode_jpeg(image, 1.0)
    assert len(low) < len(high)
    error = [np.abs(decode(data).astype(int) - image).mean() for data in (low, high)]
    assert error[1] < error[0]


def test_a_rendered_image_encodes_from_its_rgbx_buffer_as_a_copy_would():
    planes = [np.tile(np.arange(64, dtype=np.uint16) * 60, (48, 1))]
    rgb = render(planes, RenderSettings((ChannelSettings(start=0, end=4000, color="FF8000"),)))
    assert not rgb.flags.c_contiguous
    assert encode_jpeg(rgb) == encode_jpeg(np.ascontiguousarray(rgb))


def test_grey_jpeg_stays_grey():
    image = smooth_rgb()[..., 0]
    decoded = decode(encode_jpeg(image))
    assert decoded.shape == image.shape


@pytest.mark.parametrize("fmt", [ImageFormat.PNG, ImageFormat.TIFF])
@pytest.mark.parametrize("channels", [None, 3, 4])
def test_png_and_tiff_are_lossless(fmt, channels):
    image = smooth_rgb()
    if channels is None:
        image = image[..., 0]
    elif channels == 4:
        image = np.concatenate([image, image[..., :1]], axis=-1)
    assert (decode(encode(image, fmt)) == image).all()


def test_omeros_quality_maps_to_libjpeg_levels():
    assert [jpeg_quality(q) for q in (0.0, 0.9, 1.0)] == [1, 90, 100]


def test_formats_carry_their_content_types():
    assert [parse_format(t).content_type for t in ("jpeg", "JPG", "png", "tiff")] == [
        "image/jpeg",
        "image/jpeg",
        "image/png",
        "image/tiff",
    ]


def test_an_unknown_format_names_the_parameter():
    with pytest.raises(InvalidParameterError) as caught:
        parse_format("bmp")
    assert caught.value.parameter == "format"


def test_it_refuses_arrays_that_are_not_8_bit_images():
    with pytest.raises(ValueError):
        encode_jpeg(np.zeros((4, 4, 3), np.uint16))
    with pytest.raises(ValueError):
        encode_jpeg(np.zeros((4, 4, 4), np.uint8))
