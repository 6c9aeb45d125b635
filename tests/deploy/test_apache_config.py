"""``omero web config apache | apache-proxy``: what the generated Apache sites say.

Apache itself runs them in test_apache_live.py; these read the text.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pyomero.cli.main import main
from pyomero.cli.webconfig import Generator, Options, generators
from pyomero.cli.webconfig.apache import (
    WSGI_SCRIPT,
    limit_request_body,
    process_group,
    proxy_site,
    python_warnings,
    wsgi_site,
)
from pyomero.cli.webconfig.nginx import MAINTENANCE_PAGE
from pyomero.conf import Config

OMERODIR = Path("/srv/omero")


def config(**values: str) -> Config:
    return Config({f"omero.web.{key}": value for key, value in values.items()}, OMERODIR)


def directive(text: str, name: str) -> list[str]:
    """Every line of ``text`` that starts with the directive ``name``, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip().startswith(f"{name} ")]


def daemon_options(text: str) -> dict[str, str]:
    """The options of the WSGIDaemonProcess directive, continuation lines joined."""
    (line,) = directive(text.replace("\\\n", " "), "WSGIDaemonProcess")
    return dict(word.split("=", 1) for word in line.split()[2:])


def test_it_offers_apache_and_apache_proxy_to_omero_web_config() -> None:
    offered = generators()
    assert offered["apache"] is wsgi_site
    assert offered["apache-proxy"] is proxy_site


def test_it_runs_pyomero_in_a_mod_wsgi_daemon_of_this_virtualenv() -> None:
    site = wsgi_site(config(wsgi_workers="3", wsgi_threads="4"), Options())
    options = daemon_options(site)
    assert options["processes"] == "3"
    assert options["threads"] == "4"
    assert options["python-home"] == sys.prefix
    assert (options["user"], options["group"]) == ("www-data", "www-data")
    assert directive(site, "WSGIDaemonProcess")[0].split()[1] == "omeroweb"


def test_it_puts_pyomero_on_the_path_when_it_is_outside_the_virtualenv() -> None:
    import pyomero

    options = daemon_options(wsgi_site(config(), Options()))
    package_root = Path(pyomero.__file__).resolve().parent.parent
    if package_root.is_relative_to(sys.prefix):
        assert "python-path" not in options
    else:
        assert options["python-path"] == str(package_root)


def test_it_mounts_the_wsgi_script_at_the_root_or_the_prefix() -> None:
    (root,) = directive(wsgi_site(config(), Options()), "WSGIScriptAlias")
    assert root.split()[1:3] == ["/", f'"{WSGI_SCRIPT}"']
    assert "process-group=omeroweb" in root
    assert "application-group=%{GLOBAL}" in root
    (prefixed,) = directive(wsgi_site(config(prefix="/omero/"), Options()), "WSGIScriptAlias")
    assert prefixed.split()[1] == "/omero"
    assert "process-group=omeroweb_omero" in prefixed


def test_it_starts_the_daemon_in_the_server_directory_which_the_script_exports() -> None:
    assert daemon_options(wsgi_site(config(), Options()))["home"] == str(OMERODIR)
    script = WSGI_SCRIPT.read_text()
    assert 'os.environ["OMERODIR"] = os.getcwd()' in script
    assert script.index("os.environ") < script.index("import application")


def test_the_wsgi_script_serves_the_server_directory_it_starts_in(tmp_path: Path) -> None:
    code = (
        "import os, runpy\n"
        f"namespace = runpy.run_path({str(WSGI_SCRIPT)!r})\n"
        "from django.conf import settings\n"
        "print(callable(namespace['application']), settings.OMERODIR)\n"
    )
    env = {**os.environ, "OMERODIR": "/elsewhere", "DJANGO_SETTINGS_MODULE": "other.settings"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", str(tmp_path)]


def test_it_maps_the_gunicorn_timeout_and_max_requests_onto_the_daemon() -> None:
    options = daemon_options(
        wsgi_site(
            config(wsgi_timeout="120", **{"application_server.max_requests": "500"}), Options()
        )
    )
    assert options["request-timeout"] == "120"
    assert options["maximum-requests"] == "500"
    unlimited = daemon_options(wsgi_site(config(wsgi_timeout="0"), Options()))
    assert "request-timeout" not in unlimited
    assert "maximum-requests" not in unlimited


@pytest.mark.parametrize("generate", [wsgi_site, proxy_site])
def test_it_aliases_the_static_url_to_static_root(generate: Generator) -> None:
    site = generate(config(static_url="/omero/static/", static_root="/var/www/static"), Options())
    assert 'Alias /omero/static/ "/var/www/static/"' in directive(site, "Alias")
    assert '<Directory "/var/www/static">' in site
    block = site[site.index('<Directory "/var/www/static">') :].split("</Directory>")[0]
    assert "Require all granted" in block
    assert "Options -Indexes" in block


@pytest.mark.parametrize("generate", [wsgi_site, proxy_site])
def test_it_leaves_static_files_to_the_host_of_a_full_static_url(generate: Generator) -> None:
    site = generate(config(static_url="https://cdn.example.org/static/"), Options())
    assert not any("static" in line for line in directive(site, "Alias"))
    assert "ProxyPass /static/ !" not in site


@pytest.mark.parametrize(
    ("generate", "statuses"), [(wsgi_site, ["503"]), (proxy_site, ["502", "503"])]
)
def test_it_answers_with_the_maintenance_page_while_the_application_is_down(
    generate: Generator,
    statuses: list[str],
) -> None:
    site = generate(config(prefix="/omero"), Options())
    url = "/omero/pyomero-maintenance.html"
    assert directive(site, "ErrorDocument") == [f"ErrorDocument {code} {url}" for code in statuses]
    assert f'Alias {url} "{MAINTENANCE_PAGE}"' in directive(site, "Alias")
    assert MAINTENANCE_PAGE.exists()


def test_it_proxies_to_gunicorn_with_its_timeout_and_the_scheme() -> None:
    values = {"application_server.host": "10.0.0.5", "application_server.port": "4081"}
    site = proxy_site(config(wsgi_timeout="300", **values), Options())
    assert directive(site, "ProxyPass")[-1] == "ProxyPass / http://10.0.0.5:4081/ retry=0"
    assert directive(site, "ProxyPassReverse") == ["ProxyPassReverse / http://10.0.0.5:4081/"]
    assert directive(site, "ProxyTimeout") == ["ProxyTimeout 300"]
    assert "RequestHeader set X-Forwarded-Proto expr=%{REQUEST_SCHEME}" in site
    assert "ProxyPreserveHost On" in site


def test_it_puts_an_ipv6_gunicorn_address_in_brackets() -> None:
    values = {"application_server.host": "::1"}
    assert "http://[::1]:4080/" in proxy_site(config(**values), Options())


def test_it_keeps_static_files_and_the_maintenance_page_out_of_the_proxy() -> None:
    passes = directive(proxy_site(config(), Options()), "ProxyPass")
    assert passes == [
        "ProxyPass /static/ !",
        "ProxyPass /pyomero-maintenance.html !",
        "ProxyPass / http://127.0.0.1:4080/ retry=0",
    ]


def test_it_strips_the_prefix_before_proxying_as_the_nginx_site_does() -> None:
    site = proxy_site(config(prefix="/omero", static_url="/omero/static/"), Options())
    assert directive(site, "ProxyPass")[-1] == "ProxyPass /omero/ http://127.0.0.1:4080/ retry=0"
    assert "ProxyPass /omero/static/ !" in directive(site, "ProxyPass")
    assert directive(site, "RedirectMatch") == ["RedirectMatch 301 ^/omero$ /omero/"]


@pytest.mark.parametrize("generate", [wsgi_site, proxy_site])
def test_it_listens_on_the_http_port_with_the_server_name(generate: Generator) -> None:
    site = generate(config(), Options(http=8080, servername="omero.example.org"))
    assert directive(site, "Listen") == ["Listen 8080"]
    assert "<VirtualHost *:8080>" in site
    assert directive(site, "ServerName") == ["ServerName omero.example.org"]
    default = generate(config(), Options())
    assert "<VirtualHost *:80>" in default
    assert not directive(default, "Listen")  # Debian's ports.conf listens on 80
    assert not directive(default, "ServerName")


@pytest.mark.parametrize(
    ("size", "limit"), [(None, 0), ("0", 0), ("512", 512), ("10m", 10 << 20), ("1G", 1 << 30)]
)
def test_it_turns_the_max_body_size_into_limit_request_body(size: str | None, limit: int) -> None:
    assert limit_request_body(size) == limit
    site = proxy_site(config(), Options(max_body_size=size))
    assert directive(site, "LimitRequestBody") == [f"LimitRequestBody {limit}"]


@pytest.mark.parametrize("size", ["ten", "10 m", "-1", "2g", "3g"])
def test_it_refuses_a_body_size_apache_cannot_take(size: str) -> None:
    with pytest.raises(ValueError, match="--max-body-size"):
        limit_request_body(size)


def test_it_names_the_daemon_after_the_prefix_so_instances_can_share_apache() -> None:
    assert process_group("") == "omeroweb"
    assert process_group("/omero") == "omeroweb_omero"
    assert process_group("/a/b-c") == "omeroweb_a_b_c"


def test_it_says_which_paths_www_data_reads_and_writes() -> None:
    site = wsgi_site(config(), Options())
    header = "\n".join(line for line in site.splitlines() if line.startswith("#"))
    assert f"read {sys.prefix}" in header
    assert f"{OMERODIR}/etc/grid/config.xml" in header
    assert f"write {OMERODIR}/var" in header
    assert "www-data" in header
    elsewhere = Config({"omero.data.dir": "/data/omero"}, OMERODIR)
    assert f"write {OMERODIR}/var, /data/omero" in wsgi_site(elsewhere, Options())


def test_it_warns_when_debians_mod_wsgi_may_not_load_the_virtualenv(tmp_path: Path) -> None:
    (tmp_path / "mod_wsgi.so-3.11").touch()
    (tmp_path / "mod_wsgi.so").symlink_to("mod_wsgi.so-3.11")
    module = tmp_path / "mod_wsgi.so"
    assert python_warnings(module, "/usr", "3.11") == []
    assert python_warnings(tmp_path / "absent.so", "/opt/python", "3.12") == []
    (other_python,) = [
        line for line in python_warnings(module, "/opt/py", "3.11") if "/opt" in line
    ]
    assert other_python.startswith("WARNING: this virtualenv comes from /opt/py")
    assert (
        "built for Python 3.11, this virtualenv has 3.12"
        in python_warnings(module, "/usr", "3.12")[0]
    )


def test_it_refuses_paths_apache_would_misread() -> None:
    with pytest.raises(ValueError, match="static_url"):
        wsgi_site(config(static_url='/st"atic/'), Options())
    with pytest.raises(ValueError, match="servername"):
        proxy_site(config(), Options(servername="a; b"))


def test_omero_web_config_prints_the_apache_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OMERODIR", str(tmp_path))
    assert main(["web", "config", "apache-proxy", "--http", "8443"]) == 0
    assert "<VirtualHost *:8443>" in capsys.readouterr().out
    assert main(["web", "config", "apache", "--max-body-size", "5g"]) != 0
    assert "--max-body-size" in capsys.readouterr().err
