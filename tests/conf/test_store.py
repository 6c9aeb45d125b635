"""The config store writes OMERO's config.xml format and reads OMERO's files."""

from __future__ import annotations

import stat
import xml.etree.ElementTree as ET

import pytest

from pyomero.conf.errors import ConfigStoreError
from pyomero.conf.store import ConfigStore

# A config.xml as OMERO 5.6 writes it (one line, no XML declaration), with a
# second profile and keys of namespaces pyomero does not own.
OMERO_CONFIG_XML = (
    "<icegrid><!--\n\n\tThis file was generated at Mon Mar  4 10:12:01 2024 by the "
    "OmeroConfig system.\n\tDo not edit directly but see `omero config` for details.\n"
    "\tThis file may be included into your IceGrid application.\n\n-->"
    '<properties id="__ACTIVE__">'
    '<property name="omero.config.profile" value="default" />'
    '<property name="omero.config.version" value="5.1.0" />'
    '<property name="omero.db.name" value="omero_server" />'
    '<property name="omero.web.prefix" value="/omero" />'
    "</properties>"
    '<properties id="default">'
    '<property name="omero.config.version" value="5.1.0" />'
    '<property name="omero.db.name" value="omero_server" />'
    '<property name="omero.web.prefix" value="/omero" />'
    '<property name="omero.ldap.urls" value="ldaps://ldap.example.org:636" />'
    '<property name="omero.web.ui.top_links" value="[[&quot;Figure&quot;, '
    '&quot;figure_index&quot;]]" />'
    "</properties>"
    '<properties id="staging">'
    '<property name="omero.config.version" value="5.1.0" />'
    '<property name="omero.web.prefix" value="/staging" />'
    "</properties>"
    '<include file="templates.xml" /></icegrid>'
)


def write(store: ConfigStore, text: str) -> None:
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text(text)


def test_it_reads_an_existing_omero_config(store: ConfigStore) -> None:
    write(store, OMERO_CONFIG_XML)
    assert store.read() == {
        "omero.db.name": "omero_server",
        "omero.web.prefix": "/omero",
        "omero.ldap.urls": "ldaps://ldap.example.org:636",
        "omero.web.ui.top_links": '[["Figure", "figure_index"]]',
    }
    assert store.profiles() == ["default", "staging"]


def test_it_reads_a_pretty_printed_config(store: ConfigStore) -> None:
    pretty = ET.fromstring(OMERO_CONFIG_XML)
    ET.indent(pretty)
    write(store, ET.tostring(pretty, encoding="unicode"))
    assert store.read()["omero.web.prefix"] == "/omero"


def test_it_writes_omeros_format(store: ConfigStore) -> None:
    store.set("omero.web.prefix", "/omero")
    text = store.path.read_text()
    assert text.startswith("<icegrid><!--\n\n\tThis file was generated at ")
    assert text.endswith(
        '--><properties id="__ACTIVE__">'
        '<property name="omero.config.profile" value="default" />'
        '<property name="omero.config.version" value="5.1.0" />'
        '<property name="omero.web.prefix" value="/omero" />'
        "</properties>"
        '<properties id="default">'
        '<property name="omero.config.version" value="5.1.0" />'
        '<property name="omero.web.prefix" value="/omero" />'
        "</properties>"
        '<include file="templates.xml" /></icegrid>'
    )


def test_it_keeps_other_profiles_and_free_keys_when_it_writes(store: ConfigStore) -> None:
    write(store, OMERO_CONFIG_XML)
    store.set("omero.web.debug", "true")
    again = ConfigStore(store.path)
    assert again.read()["omero.ldap.urls"] == "ldaps://ldap.example.org:636"
    assert again.read()["omero.web.debug"] == "true"
    assert ConfigStore(store.path, profile="staging").read() == {"omero.web.prefix": "/staging"}


def test_it_keeps_the_order_of_existing_properties(store: ConfigStore) -> None:
    write(store, OMERO_CONFIG_XML)
    store.set("omero.db.name", "renamed")
    assert list(store.read()) == [
        "omero.db.name",
        "omero.web.prefix",
        "omero.ldap.urls",
        "omero.web.ui.top_links",
    ]


def test_omero_config_selects_another_profile(
    store: ConfigStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(store, OMERO_CONFIG_XML)
    monkeypatch.setenv("OMERO_CONFIG", "staging")
    assert store.read() == {"omero.web.prefix": "/staging"}
    store.set("omero.web.debug", "true")
    monkeypatch.delenv("OMERO_CONFIG")
    assert "omero.web.debug" not in store.read()
    root = ET.parse(store.path).getroot()
    active = root.find("./properties[@id='__ACTIVE__']/property[@name='omero.config.profile']")
    assert active is not None and active.get("value") == "default"


def test_it_switches_and_drops_profiles(store: ConfigStore) -> None:
    write(store, OMERO_CONFIG_XML)
    store.set_active("staging")
    assert store.profile() == "staging"
    assert store.read() == {"omero.web.prefix": "/staging"}
    assert store.drop("default")
    assert not store.drop("nonexistent")
    assert store.profiles() == ["staging"]


def test_it_removes_a_key(store: ConfigStore) -> None:
    store.set("omero.web.prefix", "/omero")
    store.unset("omero.web.prefix")
    assert store.read() == {}


def test_it_treats_a_missing_or_empty_file_as_empty(store: ConfigStore) -> None:
    assert store.read() == {}
    write(store, "")
    assert store.read() == {}
    assert store.profile() == "default"


def test_it_reports_a_file_it_cannot_parse(store: ConfigStore) -> None:
    write(store, "<icegrid><properties")
    with pytest.raises(ConfigStoreError, match=r"cannot read .*config\.xml"):
        store.read()
    write(store, "<html></html>")
    with pytest.raises(ConfigStoreError, match="not <icegrid>"):
        store.read()


def test_it_creates_the_file_private_and_keeps_an_existing_mode(store: ConfigStore) -> None:
    store.set("omero.db.pass", "s3cret")
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    store.path.chmod(0o640)
    store.set("omero.db.pass", "other")
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o640


def test_it_leaves_the_file_untouched_when_a_change_fails(store: ConfigStore) -> None:
    store.set("omero.web.prefix", "/omero")
    before = store.path.read_bytes()

    def fail(properties: dict[str, str]) -> None:
        properties["omero.web.prefix"] = "/changed"
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        store.update(fail)
    assert store.path.read_bytes() == before
    assert sorted(p.name for p in store.path.parent.iterdir()) == [
        "config.xml",
        "config.xml.lock",
    ]


def test_it_does_not_rewrite_the_file_when_nothing_changes(store: ConfigStore) -> None:
    store.set("omero.web.prefix", "/omero")
    before = store.path.read_bytes()
    store.unset("omero.web.debug")
    assert store.path.read_bytes() == before


def test_it_escapes_values_like_omero(store: ConfigStore) -> None:
    value = '[["A & B", "<x>"]]'
    store.set("omero.web.ui.top_links", value)
    assert "&quot;A &amp; B&quot;" in store.path.read_text()
    assert ConfigStore(store.path).read()["omero.web.ui.top_links"] == value


def test_a_new_file_made_under_omero_config_activates_that_profile(
    store: ConfigStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As OMERO's ConfigXml: the first profile written becomes the active one.
    monkeypatch.setenv("OMERO_CONFIG", "other")
    store.set("omero.web.prefix", "/other")
    monkeypatch.delenv("OMERO_CONFIG")
    assert store.profile() == "other"
    assert store.read() == {"omero.web.prefix": "/other"}
