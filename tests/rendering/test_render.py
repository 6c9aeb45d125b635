"""render: planes + settings -> RGB, compared as arrays."""

from __future__ import annotations

import numpy as np
import pytest

from pyomero.rendering import ChannelSettings, Model, RenderSettings, default_luts, render
from pyomero.rendering.quantum import Curve, quantize
from pyomero.rendering.render import channel_table
from pyomero.rendering.settings import color_rgb

RED = ChannelSettings(start=0, end=255, color="FF0000")
GREEN = ChannelSettings(start=0, end=255, color="00FF00")
WHITE = ChannelSettings(start=0, end=255, color="FFFFFF")


def expected(planes, settings):
    """A slow, obvious renderer: quantize, scale colours, add, clip."""
    total = np.zeros((*planes[0].shape, 3), dtype=np.int64)
    for i in settings.rendered_channels:
        channel = settings.channels[i]
        v = quantize(planes[i], Curve.of(channel)).astype(np.int64)[..., None]
        if settings.model is Model.GREYSCALE:
            total += np.concatenate([v, v, v], axis=-1)
        elif channel.lut:
            total += default_luts().get(channel.lut).table[v[..., 0]]
        else:
            total += v * np.array(color_rgb(channel.color)) // 255
    return np.minimum(total, 255).astype(np.uint8)


def ramp(dtype=np.uint8, shape=(4, 64)):
    return (np.arange(np.prod(shape)) % 256).reshape(shape).astype(dtype)


def test_it_colours_a_channel_by_its_intensity():
    rgb = render([ramp()], RenderSettings((RED,)))
    assert rgb.shape == (4, 64, 3) and rgb.dtype == np.uint8
    assert (rgb[..., 0] == ramp()).all() and not rgb[..., 1:].any()


def test_it_adds_channels_of_different_colours():
    plane = ramp()
    rgb = render([plane, plane[::-1]], RenderSettings((RED, GREEN)))
    assert (rgb[..., 0] == plane).all() and (rgb[..., 1] == plane[::-1]).all()


def test_it_saturates_when_channels_add_up():
    planes = [np.full((2, 2), 200, np.uint8), np.full((2, 2), 100, np.uint8)]
    rgb = render(planes, RenderSettings((WHITE, RED)))
    assert rgb[0, 0].tolist() == [255, 200, 200]


def test_it_scales_a_colour_truncating_as_omero():
    channel = ChannelSettings(start=0, end=255, color="808080")
    rgb = render([np.array([[0, 1, 255]], np.uint8)], RenderSettings((channel,)))
    assert rgb[0, :, 0].tolist() == [0, 0, 128]


def test_it_renders_a_lookup_table():
    fire = ChannelSettings(start=0, end=255, lut="fire.lut")
    rgb = render([ramp()], RenderSettings((fire,)))
    assert (rgb == default_luts().get("fire.lut").table[ramp()]).all()


def test_an_inverted_lookup_table_runs_backwards():
    fire = ChannelSettings(start=0, end=255, lut="fire.lut", inverted=True)
    rgb = render([ramp()], RenderSettings((fire,)))
    assert (rgb == default_luts().get("fire.lut").table[255 - ramp()]).all()


def test_greyscale_shows_the_first_active_channel_in_grey():
    settings = RenderSettings((ChannelSettings(active=False), RED, GREEN), model=Model.GREYSCALE)
    rgb = render([None, ramp(), None], settings)
    assert (rgb == ramp()[..., None]).all()


def test_inactive_channels_are_not_read():
    settings = RenderSettings((RED, ChannelSettings(active=False, color="00FF00")))
    assert (render({0: ramp()}, settings) == render([ramp(), ramp()], settings)).all()


def test_no_active_channel_renders_black():
    settings = RenderSettings((ChannelSettings(active=False),))
    assert not render([ramp()], settings).any()
    assert render([], settings, shape=(3, 5)).shape == (3, 5, 3)


def test_a_missing_plane_is_an_error():
    with pytest.raises(ValueError, match="no plane"):
        render([None], RenderSettings((RED,)))


@pytest.mark.parametrize(
    "dtype",
    [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.float32, np.float64],
)
def test_every_pixel_type_renders_as_the_obvious_renderer(dtype):
    rng = np.random.default_rng(1)
    planes = [rng.integers(-200, 3000, (16, 16)).astype(dtype) for _ in range(3)]
    settings = RenderSettings(
        (
            ChannelSettings(start=-100, end=2000, color="FF8000"),
            ChannelSettings(start=0, end=1, color="00FFFF", inverted=True),
            ChannelSettings(start=50, end=60, lut="spectrum.lut"),
        )
    )
    assert (render(planes, settings) == expected(planes, settings)).all()


def test_big_endian_and_strided_planes_render_as_native_ones():
    native = np.random.default_rng(2).integers(0, 65535, (8, 20)).astype(np.uint16)
    settings = RenderSettings((ChannelSettings(start=0, end=65535, color="FFFFFF"),))
    swapped = native.astype(">u2")
    strided = np.repeat(native, 2, axis=1)[:, ::2]
    reference = render([native], settings)
    assert (render([swapped], settings) == reference).all()
    assert (render([strided], settings) == reference).all()


def test_nonlinear_families_render_as_the_obvious_renderer():
    from pyomero.rendering import Family

    plane = ramp(np.uint16) * 100
    settings = RenderSettings(
        (
            ChannelSettings(
                start=0, end=25500, color="FF0000", family=Family.POLYNOMIAL, coefficient=2
            ),
            ChannelSettings(start=0, end=25500, color="00FF00", family=Family.LOGARITHMIC),
        )
    )
    assert (render([plane, plane], settings) == expected([plane, plane], settings)).all()


def test_tables_are_cached_per_settings_and_type():
    luts = default_luts()
    first = channel_table(RED, "<u2", False, luts)
    assert (
        channel_table(ChannelSettings(start=0, end=255, color="FF0000"), "<u2", False, luts)
        is first
    )
    assert channel_table(RED, "|u1", False, luts) is not first
