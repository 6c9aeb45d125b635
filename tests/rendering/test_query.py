"""parse_query: the whole rendering query, parsed once."""

from __future__ import annotations

import pytest

from pyomero.rendering import (
    ChannelQuery,
    ImageFormat,
    InvalidParameterError,
    Model,
    Projection,
    ProjectionQuery,
    Region,
    RenderQuery,
    Tile,
    parse_plane_index,
    parse_query,
)


def test_it_gives_omeros_defaults_for_an_empty_query():
    assert parse_query({}) == RenderQuery()
    assert parse_query({}).quality == 0.9


def test_it_reads_every_parameter():
    query = parse_query(
        {
            "c": "1|0:100$FF0000",
            "maps": "[null]",
            "m": "g",
            "p": "intmax|2:5",
            "q": "0.5",
            "ia": "1",
            "z": "3",
            "t": "0",
            "region": "0,0,10,20",
            "tile": "1,2,3,256,256",
            "format": "png",
        }
    )
    assert query == RenderQuery(
        channels=(ChannelQuery(0, True, 0.0, 100.0, "FF0000"),),
        maps=(None,),
        model=Model.GREYSCALE,
        projection=ProjectionQuery(Projection.INTMAX, 2, 5),
        quality=0.5,
        inverted_axis=True,
        z=3,
        t=0,
        region=Region(0, 0, 10, 20),
        tile=Tile(1, 2, 3, 256, 256),
        format=ImageFormat.PNG,
    )


def test_it_ignores_jquerys_cache_buster_and_unknown_parameters():
    assert parse_query({"_": "1700000000000", "zm": "100", "whatever": "x"}) == RenderQuery()


def test_it_reads_one_based_planes_for_save_img_rdef():
    assert parse_query({"z": "1", "t": "2"}, one_based_planes=True).z == 0
    with pytest.raises(InvalidParameterError):
        parse_query({"z": "0"}, one_based_planes=True)


def test_it_reads_a_projection_without_a_range():
    assert parse_query({"p": "intsum"}).projection == ProjectionQuery(Projection.INTSUM)
    assert parse_query({"p": "normal"}).projection == ProjectionQuery(Projection.NORMAL)


def test_a_parsed_query_can_be_a_cache_key():
    query = parse_query({"c": "1|0:1$fire.lut", "maps": '[{"inverted": {"enabled": true}}]'})
    assert {query: 1}[
        parse_query({"c": "1|0:1$fire.lut", "maps": '[{"inverted": {"enabled": true}}]'})
    ] == 1


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("m", "x"),
        ("m", ""),
        ("p", "intmin"),
        ("p", "intmax|5"),
        ("p", "intmax|5:2"),
        ("p", "intmax|a:b"),
        ("q", "1.5"),
        ("q", "-0.1"),
        ("q", "high"),
        ("ia", "2"),
        ("z", "-1"),
        ("z", "1.5"),
        ("t", ""),
        ("region", "1,2,3"),
        ("region", "0,0,0,10"),
        ("region", "-1,0,10,10"),
        ("tile", "0,1"),
        ("tile", "0,1,2,3"),
        ("tile", "-1,0,0"),
        ("tile", "a,b,c"),
        ("format", "gif"),
        ("c", "1|x"),
        ("maps", "["),
    ],
)
def test_it_refuses_a_malformed_parameter_naming_it(name, value):
    with pytest.raises(InvalidParameterError) as caught:
        parse_query({name: value})
    assert caught.value.parameter == name
    assert caught.value.code == "invalid_parameter"


def test_it_reads_a_tile_size_of_zero_as_the_default():
    assert parse_query({"tile": "0,0,0,0,-5"}).tile == Tile(0, 0, 0)


def test_it_reads_path_plane_indexes():
    assert parse_plane_index("7", "z") == 7
    with pytest.raises(InvalidParameterError) as caught:
        parse_plane_index("seven", "t")
    assert caught.value.parameter == "t"
