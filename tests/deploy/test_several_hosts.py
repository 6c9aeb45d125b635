"""A facility on several machines, with real processes on loopback addresses.

Two web hosts (gunicorn on 127.0.0.2 and 127.0.0.3), two import workers, nginx in front
(`omero web config nginx-development --upstream A --upstream B`), a PostgreSQL of the
test's own (so that it may be stopped), Redis (sessions and the task queue, under names
of this test's own) and OpenStack Swift with its S3 layer for the pyramids. Each host has
its own ``$OMERODIR``; only ``omero.data.dir`` (uploads, originals) is shared, as an NFS
mount would be, and every host is configured with the same keys, as
``docs/deployment.md``'s "Several machines" recipe says.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pyomero.cli.webconfig import Options
from pyomero.cli.webconfig.nginx import development_conf
from pyomero.conf import load_config
from pyomero.imports import leases, tasks
from pyomero.pixels import synthetic as syn
from pyomero.testing.hosts import (
    SETUP,
    image_names,
    login,
    outcome,
    redis_queue_config,
    start_worker,
    stop_worker,
)
from pyomero.testing.live import LiveServer, free_port, live_server, prepare_server, wait_for_port
from pyomero.testing.postgres import PrivatePostgres, private_postgres
from pyomero.testing.services import REDIS_URL, unique_prefix
from pyomero.testing.swift import swift_server

WEB_HOSTS = ("127.0.0.2", "127.0.0.3")
SECRET_KEY = "a-key-every-host-of-this-test-shares"


@dataclass
class Site:
    db: PrivatePostgres
    shared: Path
    webs: list[LiveServer]
    workers: list[subprocess.Popen[str]]
    worker_dirs: list[Path]
    nginx_port: int
    store_url: str
    env: dict[str, str]
    queue: Any
    s3: Any
    dataset: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.nginx_port}"

    def s3_objects(self, prefix: str = "") -> list[str]:
        import fsspec

        fs = fsspec.filesystem("s3", **self.s3.options, skip_instance_cache=True)
        return list(fs.find(self.store_url.removeprefix("s3://") + prefix, refresh=True))


def host_config(
    db: PrivatePostgres, queue: dict[str, str], sessions: str, shared: Path, store_url: str
) -> dict[str, str]:
    """What every host (web or worker) is configured with: identical everywhere."""
    cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    return {
        **db.omero_config(),
        **queue,
        "omero.data.dir": str(shared / "data"),
        "omero.pixeldata.store_url": store_url,
        "omero.data.store_url": store_url,  # originals, attachments, thumbnails there too
        "omero.web.secret_key": SECRET_KEY,
        "omero.web.session_engine": "django.contrib.sessions.backends.cache",
        "omero.web.caches": json.dumps({"default": {**cache, "KEY_PREFIX": sessions}}),
        "omero.web.wsgi_workers": "2",
    }


@pytest.fixture(scope="module")
def site(nginx_bin: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("hosts")
    shared = root / "shared"  # the one thing the hosts have in common
    (shared / "data").mkdir(parents=True)
    with contextlib.ExitStack() as stack:
        db = stack.enter_context(private_postgres())
        db.create_database("omero")
        queue = stack.enter_context(redis_queue_config())
        s3 = stack.enter_context(swift_server())
        store_url = f"s3://{s3.bucket}/pixels"
        env = {
            "FSSPEC_S3_ENDPOINT_URL": s3.endpoint,
            "FSSPEC_S3_KEY": s3.key,
            "FSSPEC_S3_SECRET": s3.secret,
        }
        patch = stack.enter_context(pytest.MonkeyPatch.context())
        for name, value in env.items():  # servers started from here inherit it
            patch.setenv(name, value)
        sessions = unique_prefix()
        config = host_config(db, queue, sessions, shared, store_url)
        webs = []
        for index, host in enumerate(WEB_HOSTS):
            omerodir = root / f"web{index + 1}"
            web = stack.enter_context(live_server(omerodir, config, host=host, start=False))
            webs.append(web)
        for web in webs:
            web.start()
        worker_dirs: list[Path] = []
        workers: list[subprocess.Popen[str]] = []  # tests replace the ones they stop
        stack.callback(lambda: [stop_worker(worker) for worker in workers])
        for index in range(2):
            omerodir = root / f"worker{index + 1}"
            prepare_server(omerodir, config, database=False)
            worker_dirs.append(omerodir)
            workers.append(start_worker(omerodir, env))
        nginx_port = free_port()
        stack.enter_context(nginx(nginx_bin, webs, nginx_port))
        huey = tasks.build_queue(
            "redis", url=queue["omero.tasks.redis_url"], name=queue["omero.tasks.queue_name"]
        )
        result = Site(db, shared, webs, workers, worker_dirs, nginx_port, store_url, env, huey, s3)
        result.dataset = int(webs[0].python(SETUP).strip())
        yield result


@contextlib.contextmanager
def nginx(binary: str, webs: list[LiveServer], port: int) -> Iterator[None]:
    """nginx in front of every web host, configured by `omero web config` on the first."""
    config = load_config(webs[0].omerodir)
    config.log_dir().mkdir(parents=True, exist_ok=True)
    upstreams = tuple(f"{web.host}:{web.port}" for web in webs)
    options = Options(http=port, upstreams=upstreams, read_timeout="3s")
    conf = webs[0].omerodir / "var" / "nginx.conf"
    conf.write_text(development_conf(config, options))
    directives = "daemon off;" + (" user root;" if os.geteuid() == 0 else "")
    error_log = str(config.log_dir() / "nginx_error.log")
    process = subprocess.Popen(
        [binary, "-e", error_log, "-c", str(conf), "-g", directives],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port("127.0.0.1", port, timeout=10)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


# A browser's session, sent to whichever host a request is addressed to.


def session_cookies(site: Site) -> tuple[Any, dict[str, str]]:
    """alice signed in through nginx: her client, and her cookies and CSRF header."""
    remote = login(site.url)
    jar = next(
        handler.cookiejar
        for handler in remote.opener.handlers
        if isinstance(handler, urllib.request.HTTPCookieProcessor)
    )
    cookies = {cookie.name: cookie.value for cookie in jar}
    headers = {
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "X-CSRFToken": remote.token,
    }
    return remote, headers


def call(
    host: str,
    port: int,
    method: str,
    path: str,
    headers: dict[str, str],
    body: bytes | None = None,
    timeout: float = 60,
) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def send_alternating(site: Site, headers: dict[str, str], path: Path) -> str:
    """Upload ``path`` with every chunk sent to the other web host than the one before."""
    data = path.read_bytes()
    first = site.webs[0]
    files = {"files": [{"name": path.name, "size": len(data)}], "dataset": site.dataset}
    json_headers = {**headers, "Content-Type": "application/json"}
    status, body = call(
        first.host,
        first.port,
        "POST",
        "/webclient/upload/",
        json_headers,
        json.dumps(files).encode(),
    )
    assert status == 200, body
    upload_id = json.loads(body)["id"]
    chunk = max(len(data) // 6, 1)
    for number, start in enumerate(range(0, len(data), chunk)):
        piece = data[start : start + chunk]
        web = site.webs[number % 2]
        range_header = f"bytes {start}-{start + len(piece) - 1}/{len(data)}"
        status, body = call(
            web.host,
            web.port,
            "PUT",
            f"/webclient/upload/{upload_id}/0/",
            {**headers, "Content-Range": range_header, "Content-Type": "application/octet-stream"},
            piece,
        )
        assert status == 200, (web.host, body)
    last = site.webs[1]
    status, body = call(
        last.host, last.port, "POST", f"/webclient/upload/{upload_id}/finish/", json_headers, b"{}"
    )
    assert status == 200, body
    return str(upload_id)


@pytest.fixture(scope="module")
def tiff(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("several") / "cells.ome.tif"
    syn.write_ome_tiff(path, syn.synthetic_metadata(700, 500, size_c=2, size_z=2))
    return path


@pytest.fixture(scope="module")
def large_tiff(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("several-large") / "large.ome.tif"
    syn.write_ome_tiff(path, syn.synthetic_metadata(2048, 2048, size_c=2, size_z=6))
    return path


def test_an_upload_sent_to_both_hosts_is_imported_by_a_worker_and_seen_on_both(
    site: Site, tiff: Path
) -> None:
    remote, headers = session_cookies(site)

    upload_id = send_alternating(site, headers, tiff)

    activity = outcome(remote, upload_id)
    assert activity["status"] == "complete", activity
    (image,) = activity["images"]
    for web in site.webs:  # the image, its pixels on Swift, on either host
        status, body = call(
            web.host, web.port, "GET", f"/webgateway/imgData/{image['id']}/", headers
        )
        assert status == 200, body
        assert json.loads(body)["size"]["width"] == 700
        status, body = call(
            web.host,
            web.port,
            "GET",
            f"/webgateway/render_image_region/{image['id']}/0/0/?region=0,0,256,256",
            headers,
        )
        assert status == 200 and body[:3] == b"\xff\xd8\xff", body[:200]
        status, body = call(  # the original, from the object store, on either host
            web.host,
            web.port,
            "GET",
            f"/webgateway/archived_files/download/{image['id']}/",
            headers,
        )
        assert (status, body == tiff.read_bytes()) == (200, True)
    assert site.s3_objects("/Pixels/")  # the pyramid is on the object store
    assert site.s3_objects("/ManagedRepository/")  # and the original
    assert not (site.shared / "data" / "ManagedRepository").exists()
    assert not list((site.shared / "data" / "Uploads").glob("*/files/*"))  # imported, removed


def worker_in_pixels(site: Site) -> subprocess.Popen[str]:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        for lease in leases.leases(site.queue):
            progress = site.queue.get(f"{lease.task_id}:progress", peek=True) or {}
            if progress.get("stage") == "pixels":
                pid = int(lease.worker.split(":")[1])
                return next(w for w in site.workers if w.pid == pid)
        time.sleep(0.02)
    raise AssertionError("no import reached its pixels")


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM], ids=["sigkill", "sigterm"])
def test_a_worker_stopped_mid_pixels_loses_nothing_and_leaves_nothing_on_s3(
    site: Site, large_tiff: Path, signum: int
) -> None:
    remote, headers = session_cookies(site)
    upload_id = send_alternating(site, headers, large_tiff)
    victim = worker_in_pixels(site)

    victim.send_signal(signum)

    activity = outcome(remote, upload_id)
    assert activity["status"] == "complete", activity
    assert image_names(site.webs[0], [i["id"] for i in activity["images"]]) == ["synthetic"]
    assert [o for o in site.s3_objects() if ".pyomero-partial-" in o] == []
    victim.wait(timeout=60)
    stop_worker(victim)
    index = site.workers.index(victim)  # a new worker in its place, for the next test
    site.workers[index] = start_worker(site.worker_dirs[index], site.env)


def test_the_site_keeps_answering_while_a_host_is_frozen(site: Site) -> None:
    frozen = site.webs[1]
    group = os.getpgid(frozen.pid() or 0)
    os.killpg(group, signal.SIGSTOP)
    try:

        def one(_: int) -> int:
            status, _body = call(
                "127.0.0.1", site.nginx_port, "GET", "/webclient/login/", {}, timeout=10
            )  # a user gives up after 10 s
            return status

        with ThreadPoolExecutor(4) as pool:
            statuses = list(pool.map(one, range(60)))
    finally:
        os.killpg(group, signal.SIGCONT)
    assert statuses == [200] * 60


def test_readiness_follows_the_database_on_every_host(site: Site) -> None:
    def ready(web: LiveServer) -> int:
        return call(web.host, web.port, "GET", "/readyz", {}, timeout=30)[0]

    assert [ready(web) for web in site.webs] == [200, 200]
    site.db.stop()
    try:
        deadline = time.monotonic() + 60
        while [ready(web) for web in site.webs] != [503, 503]:
            assert time.monotonic() < deadline, "readiness did not go 503"
            time.sleep(0.5)
        assert call("127.0.0.1", site.nginx_port, "GET", "/healthz", {})[0] == 200
    finally:
        site.db.start()
    deadline = time.monotonic() + 60
    while [ready(web) for web in site.webs] != [200, 200]:
        assert time.monotonic() < deadline, "readiness did not come back"
        time.sleep(0.5)
