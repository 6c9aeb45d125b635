"""Real Redis and memcached for tests, found or started; never silently missing in CI.

Redis is expected at ``PYOMERO_TEST_REDIS_URL`` (default redis://127.0.0.1:6379,
which `.ci/run` starts); memcached (Debian's ``/usr/bin/memcached``) is started
on a free loopback port for the test run. Without one of them a test is skipped
with the reason, except under ``CI=true`` where it fails.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

REDIS_URL = os.environ.get("PYOMERO_TEST_REDIS_URL", "redis://127.0.0.1:6379")
REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"
PYMEMCACHE_CACHE = "django.core.cache.backends.memcached.PyMemcacheCache"


def unavailable(reason: str) -> NoReturn:
    """Skip the test, or fail it under CI=true, where every service must be there."""
    import pytest

    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: services may not be skipped)")
    pytest.skip(reason)


def die_with_parent() -> None:
    """For ``Popen(preexec_fn=...)``: the child gets SIGTERM when the test run dies,
    even by SIGKILL, so a killed run leaves no server behind (Linux; elsewhere a no-op)."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
    except OSError:
        return
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for_port(host: str, port: int, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection((host, port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def unique_prefix() -> str:
    """A cache KEY_PREFIX of its own, so that tests sharing one Redis never collide."""
    return f"pyomero-test-{uuid.uuid4().hex[:12]}"


@contextmanager
def redis_cache() -> Iterator[dict[str, Any]]:
    """A Django cache entry on the real Redis, under a prefix removed afterwards."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        unavailable(f"Redis is not reachable at {REDIS_URL}: {exc}")
    prefix = unique_prefix()
    try:
        yield {"BACKEND": REDIS_CACHE, "LOCATION": REDIS_URL, "KEY_PREFIX": prefix}
    finally:
        keys = list(client.scan_iter(match=f"{prefix}:*"))
        if keys:
            client.delete(*keys)
        client.close()


@contextmanager
def memcached() -> Iterator[str]:
    """A memcached started on a free loopback port; yields its ``host:port``."""
    binary = shutil.which("memcached") or "/usr/bin/memcached"
    if not os.path.exists(binary):
        unavailable("memcached is not installed (Debian package memcached)")
    port = free_port()
    user = ["-u", "root"] if os.geteuid() == 0 else []
    process = subprocess.Popen(
        [binary, *user, "-l", "127.0.0.1", "-p", str(port), "-U", "0", "-m", "16"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        if not wait_for_port("127.0.0.1", port):
            process.kill()
            _, err = process.communicate(timeout=5)
            unavailable(f"memcached did not start on port {port}: {err.decode().strip()}")
        yield f"127.0.0.1:{port}"
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stderr is not None:
            process.stderr.close()
