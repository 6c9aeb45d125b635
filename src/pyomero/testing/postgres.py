"""A PostgreSQL server of the test's own (Debian's binaries), which the test may stop and
start again: the shared one at 127.0.0.1:5432 serves every engineer and never stops.

::

    with private_postgres() as db:          # a fresh cluster on a free loopback port
        config = db.omero_config()          # omero.db.* keys for it
        db.stop(); db.start()
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pyomero.testing.services import free_port, unavailable, wait_for_port


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


def _as_postgres(command: list[str]) -> list[str]:
    """As the postgres user when we are root (PostgreSQL refuses to run as root)."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@dataclass
class PrivatePostgres:
    bin: Path
    folder: Path
    port: int

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def omero_config(self, name: str = "omero") -> dict[str, str]:
        return {
            "omero.db.engine": "postgresql",
            "omero.db.host": "127.0.0.1",
            "omero.db.port": str(self.port),
            "omero.db.user": "postgres",
            "omero.db.pass": "",
            "omero.db.name": name,
        }

    def _ctl(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = _as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), *args])
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)

    def start(self) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off"
        result = self._ctl("-w", "-l", str(self.folder / "log"), "-o", options, "start")
        if result.returncode != 0 or not wait_for_port("127.0.0.1", self.port, 30):
            raise RuntimeError(f"PostgreSQL did not start: {result.stderr}{self.log()}")

    def stop(self) -> None:
        self._ctl("-w", "-m", "fast", "stop")

    def log(self) -> str:
        try:
            return (self.folder / "log").read_text()
        except OSError:
            return ""

    def create_database(self, name: str) -> None:
        command = [str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port)]
        subprocess.run([*command, "-U", "postgres", name], check=True, timeout=60)


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    """A new PostgreSQL cluster on a free loopback port, removed afterwards."""
    binaries = _binaries()
    if binaries is None:
        unavailable("PostgreSQL's server binaries are not installed (Debian package postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="pyomero-pg-"))
    folder.chmod(0o777)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    db = PrivatePostgres(binaries, folder, free_port())
    init = _as_postgres(
        [str(binaries / "initdb"), "-D", str(db.data), "-U", "postgres", "-A", "trust", "-N"]
    )
    result = subprocess.run(init, capture_output=True, text=True, timeout=120, check=False)
    if result.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        unavailable(f"initdb failed: {result.stderr.strip()}")
    try:
        db.start()
        yield db
    finally:
        db.stop()
        shutil.rmtree(folder, ignore_errors=True)
