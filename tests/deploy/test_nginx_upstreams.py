"""``omero web config nginx --upstream A --upstream B``: one site on several hosts, with
settings that leave a dead or hung host out instead of waiting on it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pyomero.cli.webconfig import Options
from pyomero.testing.live import omero

from .test_nginx_config import generate, nginx_test, wrap_http

TWO = Options(upstreams=("10.0.0.5:4080", "10.0.0.6:4080"))


def location(text: str, path: str) -> str:
    found = re.search(rf"location {re.escape(path)} {{(.*?)\n    }}", text, re.S)
    assert found, text
    return found.group(1)


def test_it_balances_over_every_upstream_and_leaves_a_failed_one_out(tmp_path: Path) -> None:
    text = generate("nginx", tmp_path, TWO)

    assert "    server 10.0.0.5:4080 max_fails=1 fail_timeout=10s;\n" in text
    assert "    server 10.0.0.6:4080 max_fails=1 fail_timeout=10s;\n" in text
    app = location(text, "/")
    assert "proxy_connect_timeout 2s;" in app
    assert "proxy_read_timeout 10s;" in app  # a hung host is given up on in seconds
    assert "proxy_next_upstream error timeout http_502 http_503 http_504;" in app
    assert "non_idempotent" not in text  # a POST is never sent twice


def test_uploads_and_downloads_keep_the_long_timeout(tmp_path: Path) -> None:
    text = generate("nginx", tmp_path, TWO, wsgi_timeout="120", prefix="/omero")
    upload = location(text, "/omero/webclient/upload/")
    assert "proxy_pass http://omeroweb_omero/webclient/upload/;" in upload
    assert "proxy_read_timeout 120s;" in upload
    assert "proxy_next_upstream error;" in upload
    assert "proxy_read_timeout 120s;" in location(text, "/omero/webgateway/archived_files/")


def test_one_upstream_is_written_as_before(tmp_path: Path) -> None:
    text = generate("nginx", tmp_path)
    assert "server 127.0.0.1:4080 fail_timeout=0;" in text
    assert "proxy_next_upstream" not in text


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (Options(upstreams=("10.0.0.5",)), "--upstream '10.0.0.5': expected HOST:PORT"),
        (Options(upstreams=("a:1", "a:1")), "--upstream: each gunicorn may be named once"),
        (Options(upstreams=TWO.upstreams, read_timeout="soon"), "--read-timeout 'soon'"),
    ],
)
def test_it_refuses_what_nginx_would_not_understand(
    tmp_path: Path, options: Options, message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        generate("nginx", tmp_path, options)


def test_the_command_line_takes_several_upstreams(tmp_path: Path) -> None:
    args = ("web", "config", "nginx", "--upstream", "[::1]:4080", "--upstream", "h:81")
    result = omero(tmp_path, *args)
    assert result.returncode == 0, result.stderr
    assert "server [::1]:4080 max_fails=1" in result.stdout
    assert "server h:81 max_fails=1" in result.stdout


@pytest.mark.parametrize("prefix", ["", "/omero"])
def test_nginx_accepts_it(nginx_bin: str, tmp_path: Path, prefix: str) -> None:
    (tmp_path / "var" / "log").mkdir(parents=True)
    body = generate("nginx", tmp_path, Options(http=8081, upstreams=TWO.upstreams), prefix=prefix)
    conf = tmp_path / "nginx.conf"
    conf.write_text(wrap_http(tmp_path, body))
    result = nginx_test(nginx_bin, conf)
    assert result.returncode == 0, result.stderr
