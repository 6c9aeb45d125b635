"""Security behind a proxy: secure cookies, trusted origins, forwarded headers, framing."""

from __future__ import annotations

import json
from pathlib import Path

from django.http import HttpResponse
from django.test import Client, RequestFactory

from pyomero.conf import Config
from pyomero.web.build_settings import build

PASSWORD = "correct-horse-battery"
SITE = "omero.example.org"
HTTPS_PROXY = '["HTTP_X_FORWARDED_PROTO", "https"]'


def post_login(headers: dict[str, str]) -> HttpResponse:
    """Jane signs in with CSRF checks on, as a browser does: GET the form, then POST."""
    client = Client(enforce_csrf_checks=True, headers=headers)
    client.get("/webclient/login/")
    token = client.cookies["csrftoken"].value
    return client.post(
        "/webclient/login/",
        {"username": "jane", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )


def behind_https_proxy(origin: str = f"https://{SITE}", **extra: str) -> dict[str, str]:
    return {"Host": SITE, "X-Forwarded-Proto": "https", "Origin": origin, **extra}


def test_it_has_plain_http_defaults(tmp_path: Path) -> None:
    built = build(Config({}, tmp_path))
    assert built["SESSION_COOKIE_SECURE"] is False
    assert built["CSRF_COOKIE_SECURE"] is False
    assert built["CSRF_TRUSTED_ORIGINS"] == []
    assert built["SECURE_PROXY_SSL_HEADER"] is None
    assert built["USE_X_FORWARDED_HOST"] is False
    assert built["X_FRAME_OPTIONS"] == "SAMEORIGIN"


def test_it_maps_each_key_to_its_django_setting(tmp_path: Path) -> None:
    built = build(
        Config(
            {
                "omero.web.session_cookie_secure": "true",
                "omero.web.csrf_cookie_secure": "true",
                "omero.web.csrf_trusted_origins": '["https://omero.example.org"]',
                "omero.web.secure_proxy_ssl_header": HTTPS_PROXY,
                "omero.web.use_x_forwarded_host": "true",
                "omero.web.x_frame_options": "DENY",
            },
            tmp_path,
        )
    )
    assert built["SESSION_COOKIE_SECURE"] is True
    assert built["CSRF_COOKIE_SECURE"] is True
    assert built["CSRF_TRUSTED_ORIGINS"] == ["https://omero.example.org"]
    assert built["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert built["USE_X_FORWARDED_HOST"] is True
    assert built["X_FRAME_OPTIONS"] == "DENY"


def test_it_accepts_omero_web_secure_without_effect(tmp_path: Path) -> None:
    # In OMERO it encrypts OMERO.web -> OMERO.server, a connection pyomero does not have.
    plain = build(Config({}, tmp_path))
    secure = build(Config({"omero.web.secure": "true"}, tmp_path))
    del plain["OMERO_CONFIG"], secure["OMERO_CONFIG"]
    assert secure == plain


def test_it_sends_the_session_cookie_over_https_only_when_asked(
    configure, sign_in, client: Client
) -> None:
    configure({})
    assert sign_in(client).cookies["sessionid"]["secure"] == ""
    configure({"omero.web.session_cookie_secure": "true"})
    assert sign_in(Client()).cookies["sessionid"]["secure"] is True


def test_it_sends_the_csrf_cookie_over_https_only_when_asked(configure, db: None) -> None:
    configure({})
    assert Client().get("/webclient/login/").cookies["csrftoken"]["secure"] == ""
    configure({"omero.web.csrf_cookie_secure": "true"})
    assert Client().get("/webclient/login/").cookies["csrftoken"]["secure"] is True


def test_it_trusts_the_proxys_https_header_only_when_configured(configure, jane) -> None:
    configure({})
    # Without the setting the request looks like plain HTTP: the https Origin is foreign.
    refused = post_login(behind_https_proxy())
    assert refused.status_code == 403
    assert b"CSRF" in refused.content
    configure({"omero.web.secure_proxy_ssl_header": HTTPS_PROXY})
    assert post_login(behind_https_proxy()).status_code == 302


def test_it_refuses_a_post_from_an_untrusted_origin(configure, jane) -> None:
    configure({"omero.web.secure_proxy_ssl_header": HTTPS_PROXY})
    response = post_login(behind_https_proxy(origin="https://elsewhere.example.net"))
    assert response.status_code == 403
    assert b"CSRF" in response.content


def test_it_accepts_a_post_from_a_trusted_origin(configure, jane) -> None:
    configure(
        {
            "omero.web.secure_proxy_ssl_header": HTTPS_PROXY,
            "omero.web.csrf_trusted_origins": json.dumps(["https://*.example.net"]),
        }
    )
    assert post_login(behind_https_proxy(origin="https://www.example.net")).status_code == 302


def test_it_uses_the_forwarded_host_only_when_configured(configure, jane) -> None:
    headers = behind_https_proxy(Host="127.0.0.1:4080", **{"X-Forwarded-Host": SITE})
    configure({"omero.web.secure_proxy_ssl_header": HTTPS_PROXY})
    assert post_login(headers).status_code == 403
    configure(
        {
            "omero.web.secure_proxy_ssl_header": HTTPS_PROXY,
            "omero.web.use_x_forwarded_host": "true",
        }
    )
    assert post_login(headers).status_code == 302


def test_it_builds_absolute_urls_from_the_proxy_headers(configure, db: None) -> None:
    configure(
        {
            "omero.web.secure_proxy_ssl_header": HTTPS_PROXY,
            "omero.web.use_x_forwarded_host": "true",
        }
    )
    request = RequestFactory().get(
        "/webclient/",
        headers={"Host": "127.0.0.1:4080", "X-Forwarded-Host": SITE, "X-Forwarded-Proto": "https"},
    )
    assert request.build_absolute_uri() == f"https://{SITE}/webclient/"


def test_it_lets_only_this_site_frame_its_pages_by_default(configure, db: None) -> None:
    configure({})
    assert Client().get("/webclient/login/")["X-Frame-Options"] == "SAMEORIGIN"


def test_it_lets_no_site_frame_its_pages_when_asked(configure, db: None) -> None:
    configure({"omero.web.x_frame_options": "DENY"})
    assert Client().get("/webclient/login/")["X-Frame-Options"] == "DENY"


def test_it_keeps_x_frame_options_when_the_middleware_list_omits_it(configure, db: None) -> None:
    built = configure(
        {
            "omero.web.x_frame_options": "DENY",
            "omero.web.middleware": json.dumps(
                [{"index": 1, "class": "django.middleware.common.CommonMiddleware"}]
            ),
        }
    )
    assert "django.middleware.clickjacking.XFrameOptionsMiddleware" in built["MIDDLEWARE"]
    assert Client().get("/webclient/login/")["X-Frame-Options"] == "DENY"
