"""Each parser: what it accepts, what it returns, and what it refuses."""

from __future__ import annotations

import re

import pytest

from pyomero.conf import parsers as p


@pytest.mark.parametrize("word", ["true", "TRUE", "True", "1", "t", "T", " true "])
def test_it_reads_omeros_true_words(word: str) -> None:
    assert p.Boolean()(word) is True


@pytest.mark.parametrize("word", ["false", "FALSE", "0", "f", "F"])
def test_it_reads_false_words(word: str) -> None:
    assert p.Boolean()(word) is False


@pytest.mark.parametrize("word", ["maybe", "yes", "no", "on", "", "2"])
def test_it_refuses_a_boolean_it_cannot_parse(word: str) -> None:
    with pytest.raises(p.ParseError, match="a boolean: true or false"):
        p.Boolean()(word)


def test_it_parses_integers_within_bounds() -> None:
    assert p.Integer(0)("0") == 0
    assert p.Integer(1)(" 12 ") == 12
    with pytest.raises(p.ParseError, match="at least 1"):
        p.Integer(1)("0")
    with pytest.raises(p.ParseError, match="an integer"):
        p.Integer()("1.5")


@pytest.mark.parametrize("value", ["abc", "0", "65536", "-1", ""])
def test_it_refuses_a_port_out_of_range(value: str) -> None:
    with pytest.raises(p.ParseError, match="an integer from 1 to 65535"):
        p.port()(value)


def test_it_accepts_a_port() -> None:
    assert p.port()("4080") == 4080


def test_it_matches_a_choice_and_returns_its_canonical_spelling() -> None:
    samesite = p.Choice(("Lax", "Strict", "None"), ignore_case=True)
    assert samesite("strict") == "Strict"
    assert p.Choice(("sqlite", "postgresql"))("postgresql") == "postgresql"
    with pytest.raises(p.ParseError, match="one of sqlite, postgresql"):
        p.Choice(("sqlite", "postgresql"))("mysql")


def test_it_is_case_sensitive_unless_asked() -> None:
    with pytest.raises(p.ParseError):
        p.Choice(("sqlite", "postgresql"))("SQLite")


def test_it_parses_json_lists_and_checks_their_items() -> None:
    strings = p.string_list()
    assert strings('["a", "b"]') == ["a", "b"]
    with pytest.raises(p.ParseError, match="unexpected item 3"):
        strings('["a", 3]')
    with pytest.raises(p.ParseError, match="got a JSON object"):
        strings("{}")
    with pytest.raises(p.ParseError, match="invalid JSON"):
        strings("[a")


def test_it_checks_the_length_of_a_pair_list() -> None:
    header = p.JsonList("a header and value", p.is_string, lengths=(0, 2))
    assert header("[]") == []
    assert header('["HTTP_X_FORWARDED_PROTO", "https"]') == ["HTTP_X_FORWARDED_PROTO", "https"]
    with pytest.raises(p.ParseError):
        header('["HTTP_X_FORWARDED_PROTO"]')


def test_it_parses_json_objects_with_required_entries() -> None:
    caches = p.JsonObject("caches", required=("default",))
    assert caches('{"default": {}}') == {"default": {}}
    with pytest.raises(p.ParseError, match="missing default"):
        caches('{"other": {}}')
    with pytest.raises(p.ParseError, match="got a JSON list"):
        caches("[]")


def test_it_wants_origins_with_a_scheme() -> None:
    assert p.is_origin("https://omero.example.org")
    assert not p.is_origin(".example.org")
    assert not p.is_origin("omero.example.org")


def test_it_wants_a_slash_at_the_end_of_a_url() -> None:
    assert p.SlashUrl()("/static/") == "/static/"
    assert p.SlashUrl()("https://cdn.example.org/s/") == "https://cdn.example.org/s/"
    with pytest.raises(p.ParseError, match="ending in a slash"):
        p.SlashUrl()("/static")
    with pytest.raises(p.ParseError):
        p.SlashUrl()("")
    assert p.SlashUrl(optional=True)("") == ""


def test_it_normalises_a_url_prefix() -> None:
    prefix = p.UrlPrefix()
    assert prefix("/omero") == "/omero"
    assert prefix("/omero/") == "/omero"
    assert prefix("") == ""
    assert prefix("/") == ""
    with pytest.raises(p.ParseError, match="starting with a slash"):
        prefix("omero")


def test_it_compiles_a_regular_expression() -> None:
    assert p.Regex()("^/webclient").match("/webclient/")
    with pytest.raises(p.ParseError, match="regular expression"):
        p.Regex()("(")


def test_it_knows_time_zones() -> None:
    assert p.TimeZone()("Europe/London") == "Europe/London"
    with pytest.raises(p.ParseError, match="tz database"):
        p.TimeZone()("Mars/Olympus_Mons")


def test_it_parses_binary_access_flags() -> None:
    assert p.BinaryAccess()("+read,+write,+image") == ("+read", "+write", "+image")
    assert p.BinaryAccess()("-read, -plate") == ("-read", "-plate")
    with pytest.raises(p.ParseError):
        p.BinaryAccess()("+download")


def test_its_errors_name_the_form_and_the_detail() -> None:
    with pytest.raises(p.ParseError) as caught:
        p.JsonObject("a JSON object")("{")
    assert caught.value.form == "a JSON object"
    assert re.match(r"a JSON object \(invalid JSON: .+\)", str(caught.value))
