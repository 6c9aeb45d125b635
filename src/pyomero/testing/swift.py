"""OpenStack Swift with its S3 layer (Debian's ``swift-*`` packages) for tests.

A real S3-compatible server, unlike s3rver: the proxy, account, container and object
servers of Swift 2.30, each a process of its own on a free loopback port, with a
throwaway ``swift_dir`` (``swift.conf``, one-replica rings) and storage folder, and a
memcached for its token cache. ``s3api`` answers S3 requests signed with tempauth's
user ``test:tester`` / ``testing``. Everything is removed afterwards. Without the
packages the test is skipped with the reason, except under ``CI=true``, where it fails.
"""

from __future__ import annotations

import getpass
import os
import shutil
import subprocess
import tempfile
import textwrap
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path

from pyomero.testing.s3 import S3Server
from pyomero.testing.services import free_port, memcached, unavailable, wait_for_port

KEY, SECRET = "test:tester", "testing"
SERVERS = ("account", "container", "object")
FILTERS = (
    "catch_errors",
    "gatekeeper",
    "healthcheck",
    "proxy-logging",
    "listing_formats",
    "copy",
    "slo",
    "dlo",
)


def _default(port: int, folder: Path) -> str:
    return textwrap.dedent(
        f"""\
        [DEFAULT]
        bind_ip = 127.0.0.1
        bind_port = {port}
        workers = 0
        user = {getpass.getuser()}
        swift_dir = {folder}
        devices = {folder / "srv"}
        mount_check = false
        log_level = WARNING
        log_address = {folder / "no-syslog"}
        """
    )


def _storage_conf(kind: str, port: int, folder: Path) -> str:
    return _default(port, folder) + textwrap.dedent(
        f"""\
        [pipeline:main]
        pipeline = {kind}-server

        [app:{kind}-server]
        use = egg:swift#{kind}
        """
    )


def _proxy_conf(port: int, folder: Path, cache: str) -> str:
    pipeline = "catch_errors gatekeeper healthcheck proxy-logging cache listing_formats "
    pipeline += "s3api tempauth copy slo dlo proxy-logging proxy-server"
    filters = "".join(
        f"\n[filter:{name}]\nuse = egg:swift#{name.replace('-', '_')}\n" for name in FILTERS
    )
    return (
        _default(port, folder)
        + textwrap.dedent(
            f"""\
            [pipeline:main]
            pipeline = {pipeline}

            [app:proxy-server]
            use = egg:swift#proxy
            account_autocreate = true

            [filter:tempauth]
            use = egg:swift#tempauth
            user_test_tester = {SECRET} .admin

            [filter:s3api]
            use = egg:swift#s3api

            [filter:cache]
            use = egg:swift#memcache
            memcache_servers = {cache}
            """
        )
        + filters
    )


def _ring(folder: Path, kind: str, port: int) -> None:
    builder = str(folder / f"{kind}.builder")
    for args in (
        ["create", "6", "1", "1"],
        ["add", f"r1z1-127.0.0.1:{port}/d1", "100"],
        ["rebalance"],
    ):
        result = subprocess.run(
            ["swift-ring-builder", builder, *args], capture_output=True, text=True, check=False
        )
        if result.returncode not in (0, 1):  # 1: a warning (one replica, one device)
            raise RuntimeError(f"swift-ring-builder {' '.join(args)}: {result.stdout}")


@contextmanager
def swift_server(bucket: str = "pixels") -> Iterator[S3Server]:
    """Swift with s3api on loopback and an empty ``bucket``; yields how to reach it."""
    if shutil.which("swift-proxy-server") is None or shutil.which("swift-ring-builder") is None:
        unavailable(
            "OpenStack Swift is not installed (Debian packages swift swift-proxy "
            "swift-object swift-account swift-container)"
        )
    folder = Path(tempfile.mkdtemp(prefix="pyomero-swift-"))
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, folder, True)
        cache = stack.enter_context(memcached())
        (folder / "srv" / "d1").mkdir(parents=True)
        (folder / "swift.conf").write_text(
            "[swift-hash]\nswift_hash_path_suffix = pyomero-test\n"
            "swift_hash_path_prefix = pyomero-test\n\n"
            "[storage-policy:0]\nname = Policy-0\ndefault = yes\n"
        )
        ports = {kind: free_port() for kind in (*SERVERS, "proxy")}
        for kind in SERVERS:
            _ring(folder, kind, ports[kind])
            (folder / f"{kind}-server.conf").write_text(_storage_conf(kind, ports[kind], folder))
        (folder / "proxy-server.conf").write_text(_proxy_conf(ports["proxy"], folder, cache))
        log = (folder / "servers.log").open("ab")
        stack.callback(log.close)
        for kind in (*SERVERS, "proxy"):
            process = subprocess.Popen(
                [f"swift-{kind}-server", str(folder / f"{kind}-server.conf")],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            stack.callback(_end, process)
        for kind, port in ports.items():
            if not wait_for_port("127.0.0.1", port, seconds=60):
                text = (folder / "servers.log").read_text(errors="replace")
                raise RuntimeError(f"swift's {kind} server did not start:\n{text[-3000:]}")
        server = S3Server(f"http://127.0.0.1:{ports['proxy']}", bucket, KEY, SECRET)
        _make_bucket(server)
        yield server


def _make_bucket(server: S3Server) -> None:
    import s3fs

    fs = s3fs.S3FileSystem(**server.options, skip_instance_cache=True)  # type: ignore[arg-type]
    deadline = time.monotonic() + 30
    while True:
        try:
            fs.mkdir(server.bucket)
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _end(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, 15)
            process.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with suppress(ProcessLookupError):
                os.killpg(process.pid, 9)
            process.wait()
