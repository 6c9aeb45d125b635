"""The registry: complete, self-consistent, and strict where pyomero owns the namespace."""

from __future__ import annotations

import pytest

from pyomero.conf import REGISTRY, SECTIONS, Key
from pyomero.conf.errors import ConfigNameError, ConfigValueError, UnknownKeyError
from pyomero.conf.registry import KEYS, check_name, is_masked, parse_value, suggest, validate

REQUIRED_WEB_KEYS = [
    "application_server",
    "application_server.host",
    "application_server.port",
    "application_server.max_requests",
    "wsgi_workers",
    "wsgi_timeout",
    "wsgi_args",
    "wsgi_worker_class",
    "wsgi_threads",
    "prefix",
    "static_url",
    "static_root",
    "secure",
    "debug",
    "secret_key",
    "allowed_hosts",
    "time_zone",
    "logdir",
    "session_engine",
    "caches",
    "session_expire_at_browser_close",
    "session_cookie_age",
    "session_cookie_name",
    "session_cookie_domain",
    "session_cookie_path",
    "session_cookie_secure",
    "session_cookie_samesite",
    "csrf_trusted_origins",
    "csrf_cookie_secure",
    "secure_proxy_ssl_header",
    "use_x_forwarded_host",
    "x_frame_options",
    "public.enabled",
    "public.user",
    "public.password",
    "public.url_filter",
    "public.get_only",
    "public.cache.enabled",
    "public.cache.timeout",
    "login_redirect",
    "ui.top_links",
    "ui.right_plugins",
    "ui.center_plugins",
    "open_with",
    "viewer.view",
    "page_size",
    "thumbnails_batch",
    "api.limit",
    "api.max_limit",
    "maximum_multifile_download_size",
    "nginx_server_extra_config",
    "apps",
    "middleware",
    "login_logo",
    "login_view",
    "index_template",
    "html_meta_referrer",
    "chunk_size",
    "django_additional_settings",
    "cors_origin_whitelist",
    "cors_origin_allow_all",
    "redirect_allowed_hosts",
    "sharing.opengraph",
    "webgateway_cache",
]

OMERO_DEFAULTS = {
    "omero.web.application_server": "wsgi-tcp",
    "omero.web.application_server.host": "127.0.0.1",
    "omero.web.application_server.port": "4080",
    "omero.web.application_server.max_requests": "0",
    "omero.web.wsgi_workers": "5",
    "omero.web.wsgi_timeout": "60",
    "omero.web.wsgi_worker_class": "sync",
    "omero.web.wsgi_threads": "1",
    "omero.web.static_url": "/static/",
    "omero.web.debug": "false",
    "omero.web.allowed_hosts": '["*"]',
    "omero.web.time_zone": "Europe/London",
    "omero.web.session_engine": "django.contrib.sessions.backends.file",
    "omero.web.session_expire_at_browser_close": "true",
    "omero.web.session_cookie_age": "86400",
    "omero.web.session_cookie_samesite": "Lax",
    "omero.web.x_frame_options": "SAMEORIGIN",
    "omero.web.public.enabled": "false",
    "omero.web.public.get_only": "true",
    "omero.web.public.cache.timeout": "86400",
    "omero.web.page_size": "200",
    "omero.web.thumbnails_batch": "50",
    "omero.web.api.limit": "200",
    "omero.web.api.max_limit": "500",
    "omero.web.maximum_multifile_download_size": "1073741824",
    "omero.web.chunk_size": "1048576",
    "omero.web.login_view": "weblogin",
    "omero.web.html_meta_referrer": "origin-when-crossorigin",
    "omero.db.engine": "sqlite",
    "omero.db.name": "omero",
    "omero.db.host": "localhost",
    "omero.db.port": "5432",
    "omero.db.user": "omero",
    "omero.db.pass": "omero",
    "omero.data.dir": "",
    "omero.pixeldata.max_tile_length": "1024",
    "omero.pixeldata.max_projection_bytes": "268435456",
    "omero.mail.host": "localhost",
    "omero.mail.port": "25",
    "omero.mail.smtp.starttls.enable": "false",
}


@pytest.mark.parametrize("name", REQUIRED_WEB_KEYS)
def test_it_declares_every_documented_web_key(name: str) -> None:
    assert f"omero.web.{name}" in REGISTRY


@pytest.mark.parametrize(("name", "default"), OMERO_DEFAULTS.items())
def test_it_uses_omeros_defaults(name: str, default: str) -> None:
    assert REGISTRY[name].default == default


@pytest.mark.parametrize("key", KEYS, ids=lambda key: key.name)
def test_every_default_parses(key: Key) -> None:
    key.parse(key.default)


def test_every_key_is_declared_once_with_help_in_a_known_section() -> None:
    names = [key.name for key in KEYS]
    assert len(names) == len(set(names))
    section_ids = {section.id for section in SECTIONS}
    for key in KEYS:
        assert key.help.strip(), key.name
        assert key.section in section_ids, key.name
        assert key.form, key.name


def test_it_refuses_a_misspelt_web_key_with_the_closest_real_one() -> None:
    with pytest.raises(UnknownKeyError, match=r"did you mean omero\.web\.prefix\?"):
        check_name("omero.web.prefx")


def test_it_refuses_an_unknown_db_key() -> None:
    with pytest.raises(UnknownKeyError, match=r"omero\.db\.hots"):
        check_name("omero.db.hots")
    assert suggest("omero.db.hots") == "omero.db.host"


def test_it_leaves_other_namespaces_free() -> None:
    check_name("omero.glacier2.IceSSL.Ciphers")
    check_name("Ice.Default.Host")
    assert parse_value("omero.glacier2.IceSSL.Ciphers", "anything at all") == "anything at all"


def test_it_checks_ldap_values_when_they_are_set() -> None:
    assert parse_value("omero.ldap.urls", "ldap://a:389, ldaps://b:636") == (
        "ldap://a:389",
        "ldaps://b:636",
    )
    with pytest.raises(ConfigValueError, match="LDAP URLs"):
        validate("omero.ldap.urls", "http://ldap.example.org")
    with pytest.raises(ConfigValueError, match="unbalanced"):
        validate("omero.ldap.user_filter", "(&(objectClass=person)")
    with pytest.raises(ConfigValueError, match="omeName is missing"):
        validate("omero.ldap.user_mapping", "firstName=givenName")
    with pytest.raises(ConfigValueError, match="unknown prefix :group:"):
        validate("omero.ldap.new_user_group", ":group:x")
    assert parse_value("omero.ldap.new_user_group", ":query:(member=@{dn})").kind == "query"


def test_it_refuses_names_omero_would_refuse() -> None:
    with pytest.raises(ConfigNameError):
        check_name("omero.web.pre fix")
    with pytest.raises(ConfigNameError):
        check_name("")


def test_it_names_the_key_and_the_form_when_a_value_is_refused() -> None:
    with pytest.raises(ConfigValueError) as caught:
        validate("omero.web.debug", "maybe")
    message = str(caught.value)
    assert "omero.web.debug" in message
    assert "'maybe'" in message
    assert "a boolean" in message
    assert isinstance(caught.value, ValueError)


def test_it_masks_passwords_and_secrets() -> None:
    assert is_masked("omero.db.pass")
    assert is_masked("omero.web.public.password")
    assert is_masked("omero.web.secret_key")
    assert is_masked("omero.ldap.password")
    assert not is_masked("omero.web.prefix")
