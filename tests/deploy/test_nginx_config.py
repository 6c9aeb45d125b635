"""``omero web config nginx*``: what the generated configuration says, and that nginx accepts it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pyomero.cli.webconfig import Options
from pyomero.cli.webconfig.nginx import GENERATORS, MAINTENANCE_PAGE
from pyomero.conf import Config


def generate(kind: str, tmp_path: Path, options: Options | None = None, **stored: str) -> str:
    config = Config({f"omero.web.{key}": value for key, value in stored.items()}, tmp_path)
    return GENERATORS[kind](config, options or Options())


@pytest.mark.parametrize("kind", sorted(GENERATORS))
def test_it_proxies_to_gunicorn_with_the_forwarding_headers(kind: str, tmp_path: Path) -> None:
    text = generate(kind, tmp_path)
    assert "proxy_set_header Host $http_host;" in text
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in text
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in text
    assert "proxy_buffering off;" in text
    assert "127.0.0.1:4080" in text


@pytest.mark.parametrize("kind", sorted(GENERATORS))
def test_it_serves_static_files_from_static_root(kind: str, tmp_path: Path) -> None:
    text = generate(kind, tmp_path, static_url="/omero/static/", static_root="/srv/static")
    assert "location /omero/static/ {\n" in text
    assert "alias /srv/static/;" in text


def test_it_leaves_static_files_to_another_server_when_static_url_is_a_full_url(
    tmp_path: Path,
) -> None:
    text = generate("nginx", tmp_path, static_url="https://cdn.example.org/static/")
    assert text.count("alias ") == 1  # the maintenance page's only
    assert "static_url is a full URL" in text


@pytest.mark.parametrize(("timeout", "expected"), [("60", "60s"), ("300", "300s"), ("0", "86400s")])
def test_it_matches_the_proxy_timeouts_to_wsgi_timeout(
    timeout: str, expected: str, tmp_path: Path
) -> None:
    text = generate("nginx", tmp_path, wsgi_timeout=timeout)
    assert f"proxy_read_timeout {expected};" in text
    assert f"proxy_send_timeout {expected};" in text


def test_it_sets_the_body_size_limit_from_the_option(tmp_path: Path) -> None:
    assert "client_max_body_size 0;" in generate("nginx", tmp_path)
    text = generate("nginx", tmp_path, Options(max_body_size="10m"))
    assert "client_max_body_size 10m;" in text


def test_it_puts_the_body_size_limit_in_the_location_when_it_has_no_server(
    tmp_path: Path,
) -> None:
    text = generate("nginx-location", tmp_path, Options(max_body_size="2g"))
    app = text[text.index("location / {") :]
    assert "client_max_body_size 2g;" in app


def test_it_refuses_a_body_size_nginx_would_not_understand(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="--max-body-size '10 MB'"):
        generate("nginx", tmp_path, Options(max_body_size="10 MB"))


def test_it_listens_on_the_http_option_with_the_server_name(tmp_path: Path) -> None:
    text = generate("nginx", tmp_path, Options(http=8443, servername="omero.example.org"))
    assert "listen 8443;" in text
    assert "server_name omero.example.org;" in text


def test_it_refuses_a_port_out_of_range(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="--http 70000"):
        generate("nginx-development", tmp_path, Options(http=70000))


def test_it_listens_on_80_for_the_system_and_8080_for_development(tmp_path: Path) -> None:
    assert "listen 80;" in generate("nginx", tmp_path)
    assert "listen 8080;" in generate("nginx-development", tmp_path)


def test_it_places_the_extra_server_config_between_markers(tmp_path: Path) -> None:
    extra = '["add_header X-Lab pyomero;", "access_log off;"]'
    text = generate("nginx", tmp_path, nginx_server_extra_config=extra)
    start = text.index("# <<<<< omero.web.nginx_server_extra_config")
    end = text.index("# omero.web.nginx_server_extra_config >>>>>")
    assert text[start:end].splitlines()[1:] == [
        "    add_header X-Lab pyomero;",
        "    access_log off;",
        "    ",
    ]
    empty = generate("nginx", tmp_path)
    assert (
        "    # <<<<< omero.web.nginx_server_extra_config\n"
        "    # omero.web.nginx_server_extra_config >>>>>\n"
    ) in empty


def test_it_names_the_upstream_after_the_prefix(tmp_path: Path) -> None:
    plain = generate("nginx", tmp_path)
    prefixed = generate("nginx", tmp_path, prefix="/omero")
    assert "upstream omeroweb {" in plain
    assert "upstream omeroweb_omero {" in prefixed
    assert "proxy_pass http://omeroweb_omero/;" in prefixed


def test_it_strips_the_prefix_before_proxying(tmp_path: Path) -> None:
    text = generate("nginx-location", tmp_path, prefix="/omero")
    assert "location /omero/ {" in text
    # A URI part in proxy_pass replaces the matched /omero/ with /.
    assert "proxy_pass http://127.0.0.1:4080/;" in text


def test_it_passes_the_path_unchanged_without_a_prefix(tmp_path: Path) -> None:
    text = generate("nginx-location", tmp_path)
    assert "location / {" in text
    assert "proxy_pass http://127.0.0.1:4080;" in text


def test_it_points_at_gunicorn_on_another_host(tmp_path: Path) -> None:
    text = generate("nginx", tmp_path, **{"application_server.host": "10.0.0.7"})
    assert "server 10.0.0.7:4080 fail_timeout=0;" in text
    text = generate("nginx", tmp_path, **{"application_server.host": "::1"})
    assert "server [::1]:4080 fail_timeout=0;" in text


def test_it_answers_503_with_the_maintenance_page_shipped_with_pyomero(tmp_path: Path) -> None:
    text = generate("nginx", tmp_path, prefix="/omero")
    assert "error_page 502 503 =503 /omero/pyomero-maintenance.html;" in text
    assert f"alias {MAINTENANCE_PAGE};" in text
    assert MAINTENANCE_PAGE.is_file()
    assert "maintenance" in MAINTENANCE_PAGE.read_text()


def test_it_keeps_every_development_file_under_omerodir_var(tmp_path: Path) -> None:
    text = generate("nginx-development", tmp_path)
    var = tmp_path / "var"
    for directive in (
        "pid",
        "error_log",
        "access_log",
        "client_body_temp_path",
        "proxy_temp_path",
        "fastcgi_temp_path",
        "uwsgi_temp_path",
        "scgi_temp_path",
    ):
        line = next(line for line in text.splitlines() if line.strip().startswith(directive))
        assert f"{directive} {var}/" in line, line


def test_it_refuses_a_path_nginx_would_misread(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"omero\.web\.static_root"):
        generate("nginx", tmp_path, static_root="/srv/my static")


# nginx itself checks the syntax (nginx -t), as an admin would before reloading.


def nginx_test(nginx: str, conf: Path) -> subprocess.CompletedProcess[str]:
    error_log = conf.parent / "error.log"
    return subprocess.run(
        [nginx, "-t", "-q", "-e", str(error_log), "-c", str(conf)],
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_nginx_accepts_the_development_conf(nginx_bin: str, tmp_path: Path) -> None:
    (tmp_path / "var" / "log").mkdir(parents=True)
    conf = tmp_path / "nginx.conf"
    conf.write_text(generate("nginx-development", tmp_path, prefix="/omero"))
    result = nginx_test(nginx_bin, conf)
    assert result.returncode == 0, result.stderr


def test_nginx_accepts_two_server_blocks_with_different_prefixes(
    nginx_bin: str, tmp_path: Path
) -> None:
    (tmp_path / "var" / "log").mkdir(parents=True)
    first = generate("nginx", tmp_path, Options(http=8081), prefix="/omero")
    second = generate("nginx", tmp_path, Options(http=8082), prefix="/other")
    conf = tmp_path / "nginx.conf"
    conf.write_text(wrap_http(tmp_path, first + second))
    result = nginx_test(nginx_bin, conf)
    assert result.returncode == 0, result.stderr


def test_nginx_accepts_two_location_files_in_one_server(nginx_bin: str, tmp_path: Path) -> None:
    (tmp_path / "var" / "log").mkdir(parents=True)
    first = generate("nginx-location", tmp_path, prefix="/omero")
    second = generate(
        "nginx-location",
        tmp_path,
        prefix="/other",
        static_url="/other/static/",
        **{"application_server.port": "4081"},
    )
    server = f"server {{\n listen 8080;\n{first}\n{second}\n}}\n"
    conf = tmp_path / "nginx.conf"
    conf.write_text(wrap_http(tmp_path, server))
    result = nginx_test(nginx_bin, conf)
    assert result.returncode == 0, result.stderr


def wrap_http(root: Path, body: str) -> str:
    """A minimal nginx.conf whose http block includes ``body``, as conf.d/ would."""
    var = root / "var"
    return (
        f"pid {var}/nginx.pid;\nerror_log {var}/log/error.log;\nevents {{}}\n"
        f"http {{\n access_log off;\n client_body_temp_path {var}/t1;\n"
        f" proxy_temp_path {var}/t2;\n fastcgi_temp_path {var}/t3;\n"
        f" uwsgi_temp_path {var}/t4;\n scgi_temp_path {var}/t5;\n{body}\n}}\n"
    )
