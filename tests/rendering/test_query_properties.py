"""Property-based tests of the query parser (hypothesis)."""

from __future__ import annotations

import contextlib

from hypothesis import given
from hypothesis import strategies as st

from pyomero.rendering import (
    ChannelQuery,
    RenderingError,
    format_channels,
    parse_channels,
    parse_query,
)
from pyomero.rendering.lookup import default_luts

finite = st.floats(allow_nan=False, allow_infinity=False, width=64, min_value=-1e12, max_value=1e12)
hex_colour = st.text("0123456789ABCDEF", min_size=6, max_size=6)


@st.composite
def channel_entries(draw: st.DrawFn) -> tuple[ChannelQuery, ...]:
    indexes = draw(st.lists(st.integers(0, 999), min_size=1, max_size=12, unique=True))
    entries = []
    for index in indexes:
        window = draw(st.none() | st.tuples(finite, finite).map(sorted))
        spec = draw(st.sampled_from(["none", "color", "lut"]))
        entries.append(
            ChannelQuery(
                index=index,
                active=draw(st.booleans()),
                start=None if window is None else window[0],
                end=None if window is None else window[1],
                color=draw(hex_colour) if spec == "color" else None,
                lut=draw(st.sampled_from(default_luts().names)) if spec == "lut" else None,
            )
        )
    return tuple(entries)


@given(channel_entries())
def test_it_reads_back_every_c_it_writes(entries):
    assert parse_channels(format_channels(entries)) == entries


@given(st.text(max_size=60))
def test_garbage_in_c_raises_nothing_but_rendering_errors(text):
    with contextlib.suppress(RenderingError):
        parse_channels(text)


@given(
    st.dictionaries(
        st.sampled_from(
            ["c", "maps", "m", "p", "q", "ia", "z", "t", "region", "tile", "format", "_"]
        ),
        st.text(max_size=40),
    )
)
def test_garbage_in_any_parameter_raises_nothing_but_rendering_errors(params):
    try:
        parse_query(params)
    except RenderingError as error:
        assert error.parameter in params
