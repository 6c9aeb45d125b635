"""A real S3-compatible server for tests: s3rver (npm, a devDependency in package.json).

s3rver speaks S3's REST API over HTTP, with signed requests, and keeps the objects in a
directory; ``scripts/build-frontend`` (``npm ci``) installs it. Without it a test is
skipped with the reason, except under ``CI=true`` where it fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pyomero.testing.services import free_port, unavailable, wait_for_port

ROOT = Path(__file__).resolve().parents[3]
BINARY = ROOT / "node_modules" / ".bin" / "s3rver"
KEY = SECRET = "S3RVER"  # s3rver's fixed credentials


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    bucket: str
    key: str = KEY
    secret: str = SECRET

    @property
    def options(self) -> dict[str, object]:
        """fsspec's ``s3`` options (``fsspec.config.conf["s3"]``) to reach it."""
        return {"endpoint_url": self.endpoint, "key": self.key, "secret": self.secret}


@contextmanager
def s3_server(bucket: str = "pixels") -> Iterator[S3Server]:
    """s3rver on a free loopback port, with ``bucket``, its objects in a temporary folder."""
    # Node.js: the machine's, or the one scripts/build-frontend installs in .venv.
    node = shutil.which("node") or shutil.which("node", path=str(ROOT / ".venv" / "bin"))
    if not BINARY.exists() or node is None:
        unavailable(f"no S3-compatible server: {BINARY} missing (run scripts/build-frontend)")
    folder = Path(tempfile.mkdtemp(prefix="pyomero-s3-"))
    port = free_port()
    command = [node, str(BINARY.resolve()), "--directory", str(folder), "--address", "127.0.0.1"]
    command += ["--port", str(port), "--configure-bucket", bucket, "--silent"]
    # s3rver ciphers its listing tokens with DES, which OpenSSL 3 keeps in its legacy provider.
    env = {**os.environ, "NODE_OPTIONS": "--openssl-legacy-provider"}
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        if not wait_for_port("127.0.0.1", port, seconds=30):
            process.kill()
            _, err = process.communicate(timeout=5)
            unavailable(f"s3rver did not start on port {port}: {err.decode().strip()}")
        yield S3Server(f"http://127.0.0.1:{port}", bucket)
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stderr is not None:
            process.stderr.close()
        shutil.rmtree(folder, ignore_errors=True)
