"""``omero config get [KEY...]``: one raw value, or sorted KEY=VALUE lines with secrets masked."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .conftest import Omero


def test_it_prints_nothing_for_an_unset_key(omero: Omero) -> None:
    result = omero("config", "get", "omero.web.prefix")
    assert (result.code, result.out) == (0, "")


def test_it_lists_every_value_set_sorted_with_passwords_masked(omero: Omero) -> None:
    omero("config", "set", "omero.web.prefix", "/omero")
    omero("config", "set", "omero.db.pass", "s3cret")
    omero("config", "set", "omero.web.secret_key", "k" * 50)
    omero("config", "set", "omero.ldap.password", "")
    assert omero("config", "get").out == (
        "omero.db.pass=********\n"
        "omero.ldap.password=\n"
        "omero.web.prefix=/omero\n"
        "omero.web.secret_key=********\n"
    )


def test_it_shows_passwords_when_asked(omero: Omero) -> None:
    omero("config", "set", "omero.db.pass", "s3cret")
    assert omero("config", "get", "--show-password").out == "omero.db.pass=s3cret\n"


def test_it_prints_a_single_key_unmasked_for_scripts_as_omero_does(omero: Omero) -> None:
    omero("config", "set", "omero.db.pass", "s3cret")
    assert omero("config", "get", "omero.db.pass").out == "s3cret\n"


def test_it_lists_several_named_keys(omero: Omero) -> None:
    omero("config", "set", "omero.web.prefix", "/omero")
    omero("config", "set", "omero.db.pass", "s3cret")
    omero("config", "set", "omero.web.debug", "true")
    result = omero("config", "get", "omero.web.prefix", "omero.db.pass", "omero.web.unset")
    assert result.out == "omero.db.pass=********\nomero.web.prefix=/omero\n"


def test_it_reads_the_profile_named_by_omero_config(
    omero: Omero, monkeypatch: pytest.MonkeyPatch
) -> None:
    omero("config", "set", "omero.web.prefix", "/omero")
    monkeypatch.setenv("OMERO_CONFIG", "staging")
    omero("config", "set", "omero.web.prefix", "/staging")
    assert omero("config", "get", "omero.web.prefix").out == "/staging\n"
    monkeypatch.delenv("OMERO_CONFIG")
    assert omero("config", "get", "omero.web.prefix").out == "/omero\n"
