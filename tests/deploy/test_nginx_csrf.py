"""A form POST through nginx over HTTPS: CSRF passes for trusted origins only.

nginx terminates TLS (its listener added with omero.web.nginx_server_extra_config)
and sends X-Forwarded-Proto https, which secure_proxy_ssl_header trusts. The
browser's Origin differs from the Host nginx forwards, as behind a proxy that
renames the site: only csrf_trusted_origins lets the POST through.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from pyomero.testing.live import ROOT_PASSWORD, free_port
from pyomero.testing.services import unavailable

from .conftest import Browser, Deploy, Deployment, Response, login_form

TRUSTED = "https://omero.example.org"
TLS_REQUEST = (
    "req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=127.0.0.1"
)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    openssl = shutil.which("openssl")
    if openssl is None:
        unavailable("openssl is not installed: cannot make the test's TLS certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, *TLS_REQUEST.split(), "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return cert, key


@pytest.fixture(scope="module")
def tls_port() -> int:
    return free_port("0.0.0.0")


@pytest.fixture(scope="module")
def site(deploy: Deploy, certificate: tuple[Path, Path], tls_port: int) -> Deployment:
    cert, key = certificate
    extra = [f"listen {tls_port} ssl;", f"ssl_certificate {cert};", f"ssl_certificate_key {key};"]
    return deploy(
        nginx_server_extra_config=json.dumps(extra),
        secure_proxy_ssl_header='["HTTP_X_FORWARDED_PROTO", "https"]',
        csrf_trusted_origins=json.dumps([TRUSTED]),
    )


def post_login(browser: Browser, origin: str, headers: dict[str, str] | None = None) -> Response:
    """Send the login form as a browser at ``origin`` would."""
    form = login_form(browser.get("/webclient/login/").text)
    form.update(username="root", password=ROOT_PASSWORD)
    return browser.post(form.pop("action"), form, headers={"Origin": origin, **(headers or {})})


def test_it_passes_csrf_for_a_trusted_origin_over_https(site: Deployment, tls_port: int) -> None:
    browser = site.browser(tls_port=tls_port)
    assert post_login(browser, TRUSTED).status == 302
    assert "Signed in as <strong>root</strong>" in browser.get("/webclient/").text


def test_it_refuses_an_untrusted_origin_with_403(site: Deployment, tls_port: int) -> None:
    response = post_login(site.browser(tls_port=tls_port), "https://evil.example.org")
    assert response.status == 403
    assert "CSRF Failed: Origin checking failed" in response.text  # OMERO.web's JSON
    assert (
        "Origin checking failed - https://evil.example.org does not match any trusted origins"
        in site.log("OMEROweb.log")
    )


def test_django_sees_https_through_the_forwarded_proto(site: Deployment, tls_port: int) -> None:
    # The site's own https origin only matches when Django believes the request is https.
    https = site.browser(tls_port=tls_port)
    assert post_login(https, https.origin).status == 302
    http = site.browser()
    assert post_login(http, http.origin).status == 302


def test_a_client_cannot_claim_https_over_plain_http(site: Deployment) -> None:
    # nginx replaces the client's X-Forwarded-Proto with its own $scheme.
    browser = site.browser()
    spoofed = post_login(
        browser, f"https://127.0.0.1:{site.nginx_port}", {"X-Forwarded-Proto": "https"}
    )
    assert spoofed.status == 403
