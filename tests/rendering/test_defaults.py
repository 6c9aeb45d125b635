"""OMERO's default rendering settings for a new image."""

from __future__ import annotations

import pytest

from pyomero.rendering import ChannelInfo, Model, default_settings, wavelength_color


def test_the_default_plane_is_the_middle_z_and_the_first_t():
    settings = default_settings([ChannelInfo()], "uint8", size_z=7)
    assert (settings.default_z, settings.default_t) == (3, 0)


@pytest.mark.parametrize(
    ("size_c", "model"),
    [(1, Model.GREYSCALE), (2, Model.COLOR), (7, Model.COLOR), (8, Model.GREYSCALE)],
)
def test_the_colour_model_is_for_two_to_seven_channels(size_c, model):
    assert default_settings([ChannelInfo()] * size_c, "uint8").model is model


def test_the_first_three_channels_are_active():
    settings = default_settings([ChannelInfo()] * 5, "uint16")
    assert [ch.active for ch in settings.channels] == [True, True, True, False, False]


def test_the_window_is_the_channel_range_else_the_type_range():
    settings = default_settings(
        [ChannelInfo(min=10, max=900), ChannelInfo(), ChannelInfo(min=5)], "int16"
    )
    assert [(ch.start, ch.end) for ch in settings.channels] == [
        (10.0, 900.0),
        (-32768.0, 32767.0),
        (5.0, 32767.0),
    ]
    float_channel = default_settings([ChannelInfo()], "float").channels[0]
    assert (float_channel.start, float_channel.end) == (0.0, 1.0)


@pytest.mark.parametrize(
    ("nm", "color"),
    [
        (450, "0000FF"),
        (499.9, "0000FF"),
        (500, "00FF00"),
        (559, "00FF00"),
        (560, "FF0000"),
        (700, "FF0000"),
    ],
)
def test_the_emission_wavelength_chooses_blue_green_or_red(nm, color):
    assert wavelength_color(nm) == color


def test_the_colour_comes_from_the_file_then_the_wavelength_then_the_index():
    channels = [
        ChannelInfo(color="ff00ff", emission_wavelength=450),
        ChannelInfo(emission_wavelength=520),
    ]
    channels += [ChannelInfo()] * 4
    settings = default_settings(channels, "uint8")
    assert [ch.color for ch in settings.channels] == [
        "FF00FF",
        "00FF00",
        "0000FF",
        "FF0000",
        "00FF00",
        "0000FF",
    ]


def test_defaults_are_linear_and_not_inverted():
    channel = default_settings([ChannelInfo()], "uint8").channels[0]
    assert (channel.family.value, channel.coefficient, channel.inverted, channel.lut) == (
        "linear",
        1.0,
        False,
        None,
    )
