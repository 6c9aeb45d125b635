"""``KEY=VALUE`` text as OMERO's ``config load`` reads it."""

from __future__ import annotations

from pyomero.conf.properties import format_properties, parse_properties


def test_it_reads_pairs_and_skips_comments_and_blank_lines() -> None:
    text = "# a comment\n\nomero.web.prefix=/omero\n  omero.web.debug=true  \n"
    assert parse_properties(text.splitlines(True)) == [
        ("omero.web.prefix", "/omero"),
        ("omero.web.debug", "true"),
    ]


def test_it_joins_continued_lines() -> None:
    text = 'omero.web.apps=["a",\\\n  "b"]\n'
    assert parse_properties(text.splitlines(True)) == [("omero.web.apps", '["a",  "b"]')]


def test_it_keeps_equals_signs_in_values_and_empties_a_bare_key() -> None:
    text = "omero.web.public.url_filter=^/a=b\nomero.web.login_logo\n"
    assert parse_properties(text.splitlines(True)) == [
        ("omero.web.public.url_filter", "^/a=b"),
        ("omero.web.login_logo", ""),
    ]


def test_what_it_writes_it_reads_back() -> None:
    properties = {"omero.web.prefix": "/omero", "omero.web.apps": '[\n  "a"\n]'}
    text = format_properties(properties)
    assert text.startswith("# Edit your preferences below.")
    pairs = dict(parse_properties(text.splitlines(True)))
    assert pairs["omero.web.prefix"] == "/omero"
    assert pairs["omero.web.apps"].replace(" ", "") == '["a"]'
