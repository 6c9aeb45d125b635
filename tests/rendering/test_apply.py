"""apply_query: a query laid over stored settings, as OMERO.web does."""

from __future__ import annotations

import pytest

from pyomero.rendering import (
    ChannelSettings,
    Family,
    Model,
    ParameterOutOfRangeError,
    Projection,
    RenderSettings,
    UnknownLookupTableError,
    apply_query,
    parse_query,
)

STORED = RenderSettings(
    channels=(
        ChannelSettings(start=0, end=100, color="FF0000"),
        ChannelSettings(start=0, end=200, color="00FF00"),
        ChannelSettings(active=False, start=0, end=300, color="0000FF"),
    )
)


def test_it_changes_nothing_without_a_query():
    assert apply_query(STORED, parse_query({})) == STORED


def test_channels_not_listed_in_c_become_inactive():
    settings = apply_query(STORED, parse_query({"c": "3"}))
    assert [ch.active for ch in settings.channels] == [False, False, True]


def test_it_sets_windows_and_colours_of_listed_channels():
    settings = apply_query(STORED, parse_query({"c": "1|5:50$FFFFFF,-2|1:2"}))
    assert settings.channels[0] == ChannelSettings(start=5, end=50, color="FFFFFF")
    assert settings.channels[1] == ChannelSettings(active=False, start=1, end=2, color="00FF00")


def test_a_colour_replaces_a_lookup_table_and_back():
    with_lut = apply_query(STORED, parse_query({"c": "1$FIRE.LUT"}))
    assert with_lut.channels[0].lut == "fire.lut"
    assert apply_query(with_lut, parse_query({"c": "1$00FFFF"})).channels[0].lut is None


def test_it_refuses_a_lookup_table_that_is_not_installed():
    with pytest.raises(UnknownLookupTableError) as caught:
        apply_query(STORED, parse_query({"c": "1$nope.lut"}))
    assert caught.value.parameter == "c"


def test_maps_follow_the_order_of_c():
    query = parse_query(
        {
            "c": "3,1",
            "maps": '[{"inverted": {"enabled": true}},'
            ' {"quantization": {"family": "exponential", "coefficient": 0.5}}]',
        }
    )
    settings = apply_query(STORED, query)
    assert settings.channels[2].inverted
    assert (settings.channels[0].family, settings.channels[0].coefficient) == (
        Family.EXPONENTIAL,
        0.5,
    )


def test_maps_without_c_follow_the_channel_order():
    settings = apply_query(STORED, parse_query({"maps": '[null, {"inverted": {"enabled": true}}]'}))
    assert [ch.inverted for ch in settings.channels] == [False, True, False]


def test_it_sets_the_model_and_the_projection():
    settings = apply_query(STORED, parse_query({"m": "g", "p": "intmean|1:3"}))
    assert (settings.model, settings.projection) == (Model.GREYSCALE, Projection.INTMEAN)
    assert (settings.projection_start, settings.projection_end) == (1, 3)


def test_it_refuses_a_channel_the_settings_do_not_have():
    with pytest.raises(ParameterOutOfRangeError):
        apply_query(STORED, parse_query({"c": "4"}))
