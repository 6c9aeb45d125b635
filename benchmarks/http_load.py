"""Tiles and thumbnails through gunicorn (``omero web start``) over HTTP.

The load comes from wrk (Debian's ``wrk``: C, one event-loop thread, keep-alive
connections) when it is installed, so that the load generator takes little of the two
cores the server is measured on; otherwise from Python threads (a new connection per
request), which cost the server a good share of the CPU and inflate its latencies.
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from benchmarks.server import PASSWORD

WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_paths.lua"


@dataclass(frozen=True)
class Load:
    requests: int
    seconds: float
    p50: float  # ms
    p99: float  # ms
    errors: int
    generator: str  # "wrk" or "python"

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def _percentile(latencies: list[float], q: float) -> float:
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Session:
    """A signed-in HTTP client of the benchmark server."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.etags: dict[str, str] = {}
        page = self._request("GET", "/webclient/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page[2])
        cookie = self._cookies(page[1])
        body = urllib.parse.urlencode(
            {
                "username": "bench",
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1).decode() if token else "",
            }
        )
        headers = {
            "Cookie": cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://{host}:{port}/webclient/login/",
        }
        status, reply, _ = self._request("POST", "/webclient/login/", body.encode(), headers)
        if status != 302:
            raise RuntimeError(f"sign-in failed with {status}")
        self.cookie = "; ".join(filter(None, [cookie, self._cookies(reply)]))

    @staticmethod
    def _cookies(headers: http.client.HTTPMessage) -> str:
        return "; ".join(v.split(";", 1)[0] for v in headers.get_all("Set-Cookie") or [])

    def _request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def get(self, path: str, etag: str | None = None) -> tuple[int, bytes]:
        """GET ``path`` (with ``If-None-Match: etag`` when given); remembers its ETag."""
        headers = {"Cookie": self.cookie}
        if etag:
            headers["If-None-Match"] = etag
        status, reply, body = self._request("GET", path, headers=headers)
        if reply.get("ETag"):
            self.etags[path] = reply["ETag"]
        return status, body


def load(
    session: Session,
    paths: list[str],
    concurrency: int,
    revalidate: bool = False,
    seconds: float = 10.0,
) -> Load:
    """``concurrency`` clients GET the paths; throughput and latency percentiles.

    With ``revalidate``, each request carries the ETag a previous load received, and
    the expected answer is 304 rather than 200. wrk cycles through the paths for
    ``seconds``; the Python fallback requests each path once."""
    if shutil.which("wrk"):
        return wrk_load(session, paths, concurrency, revalidate, seconds)
    return python_load(session, paths, concurrency, revalidate)


def wrk_load(
    session: Session, paths: list[str], concurrency: int, revalidate: bool, seconds: float
) -> Load:
    """wrk with ``concurrency`` keep-alive connections on one thread, after a warm-up."""
    if revalidate:
        missing = [path for path in paths if path not in session.etags]
        for path in missing:
            session.get(path)
    lines = [f"{p}\t{session.etags[p] if revalidate else ''}" for p in paths]
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as listing:
        listing.write("\n".join(lines) + "\n")
        listing.flush()

        def run(duration: float) -> dict[str, float]:
            result = subprocess.run(
                [
                    "wrk",
                    "-t1",
                    f"-c{concurrency}",
                    f"-d{duration:g}s",
                    "--timeout",
                    "10s",
                    "-s",
                    str(WRK_SCRIPT),
                    f"http://{session.host}:{session.port}",
                    "--",
                    listing.name,
                    session.cookie,
                    "304" if revalidate else "200",
                ],
                capture_output=True,
                text=True,
            )
            if result.returncode:
                raise RuntimeError(f"wrk failed: {result.stderr.strip() or result.stdout}")
            return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]

        run(2)  # warm-up: every worker has started, imported and opened the store
        found = run(seconds)
    return Load(
        requests=int(found["requests"]),
        seconds=found["seconds"],
        p50=found["p50_us"] / 1000,
        p99=found["p99_us"] / 1000,
        errors=int(found["errors"]),
        generator="wrk",
    )


def python_load(
    session: Session, paths: list[str], concurrency: int, revalidate: bool = False
) -> Load:
    """GET every path once, ``concurrency`` Python threads at a time."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    queue = list(reversed(paths))
    expected = 304 if revalidate else 200

    def get(path: str) -> int:
        return session.get(path, session.etags.get(path) if revalidate else None)[0]

    def client() -> None:
        while True:
            with lock:
                if not queue:
                    return
                path = queue.pop()
            started = time.perf_counter()
            status = get(path)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors[0] += status != expected

    for path in paths[: concurrency * 2]:
        get(path)
    started = time.perf_counter()
    workers = [threading.Thread(target=client) for _ in range(concurrency)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return Load(
        requests=len(paths),
        seconds=time.perf_counter() - started,
        p50=_percentile(latencies, 0.5),
        p99=_percentile(latencies, 0.99),
        errors=errors[0],
        generator="python",
    )
