"""c= and maps=: OMERO's channel language parsed into typed values."""

from __future__ import annotations

import pytest

from pyomero.rendering import (
    ChannelMap,
    ChannelQuery,
    ChannelSettings,
    Family,
    InvalidParameterError,
    channels_query,
    format_channels,
    maps_json,
    parse_channels,
    parse_maps,
)


def test_it_reads_indexes_windows_and_colours():
    assert parse_channels("1|100:505$0000FF,-2,3|620:3879$FF0000") == (
        ChannelQuery(0, True, 100.0, 505.0, "0000FF"),
        ChannelQuery(1, False),
        ChannelQuery(2, True, 620.0, 3879.0, "FF0000"),
    )


def test_it_reads_a_lookup_table_instead_of_a_colour():
    assert parse_channels("1|0:255$fire.lut") == (
        ChannelQuery(0, True, 0.0, 255.0, lut="fire.lut"),
    )


def test_it_accepts_omeros_shortcuts():
    assert parse_channels("1$F00") == (ChannelQuery(0, color="FF0000"),)
    assert parse_channels("2|$00ff00") == (ChannelQuery(1, color="00FF00"),)
    assert parse_channels(" 1 | -5.5:1e3 ") == (ChannelQuery(0, start=-5.5, end=1000.0),)


def test_it_drops_the_alpha_of_an_eight_digit_colour():
    assert parse_channels("1$FF000080")[0].color == "FF0000"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "0",
        "-0",
        "x",
        "1|5",
        "1|5:",
        "1|a:b",
        "1|10:5",
        "1|nan:5",
        "1|1e999:2e999",
        "1$GG0000",
        "1$FF00",
        "1$.lut",
        "1,1",
        "1,-1",
        "1|0:1|2:3",
    ],
)
def test_it_refuses_malformed_entries_naming_c(text):
    with pytest.raises(InvalidParameterError) as caught:
        parse_channels(text)
    assert caught.value.parameter == "c"
    assert caught.value.status == 400


def test_it_writes_what_it_reads():
    entries = parse_channels("1|100:505.5$0000FF,-2$cool.lut,3")
    assert format_channels(entries) == "1|100:505.5$0000FF,-2$cool.lut,3"


def test_it_writes_every_channel_of_settings_as_get_img_rdef_does():
    channels = (
        ChannelSettings(start=0, end=10, color="FF0000"),
        ChannelSettings(active=False, lut="fire.lut"),
    )
    assert format_channels(channels_query(channels)) == "1|0:10$FF0000,-2|0:255$fire.lut"


def test_it_reads_inversion_and_quantization_maps():
    maps = parse_maps(
        '[{"inverted": {"enabled": true},'
        ' "quantization": {"family": "polynomial", "coefficient": 2}},'
        ' null, {"reverse": {"enabled": "false"}}, {}]'
    )
    assert maps == (
        ChannelMap(True, Family.POLYNOMIAL, 2.0),
        None,
        ChannelMap(inverted=False),
        ChannelMap(),
    )


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "{}",
        "[1]",
        '[{"inverted": true}]',
        '[{"inverted": {"enabled": 2}}]',
        '[{"quantization": {"family": "cubic"}}]',
        '[{"quantization": {"coefficient": 0}}]',
        '[{"quantization": {"coefficient": "2"}}]',
        '[{"quantization": {"coefficient": NaN}}]',
        "[" * 100_000,
    ],
)
def test_it_refuses_malformed_maps_naming_maps(text):
    with pytest.raises(InvalidParameterError) as caught:
        parse_maps(text)
    assert caught.value.parameter == "maps"


def test_it_writes_maps_as_omero_web_does():
    assert maps_json((ChannelSettings(inverted=True, family=Family.LOGARITHMIC),)) == [
        {
            "inverted": {"enabled": True},
            "quantization": {"coefficient": 1.0, "family": "logarithmic"},
        }
    ]
