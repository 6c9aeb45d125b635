"""Tiles and thumbnails through gunicorn (``omero web start``) over HTTP."""

from __future__ import annotations

import http.client
import re
import statistics
import threading
import time
import urllib.parse
from dataclasses import dataclass

from benchmarks.server import PASSWORD


@dataclass(frozen=True)
class Load:
    requests: int
    seconds: float
    latencies_ms: list[float]
    errors: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms)


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


def load(session: Session, paths: list[str], concurrency: int, revalidate: bool = False) -> Load:
    """GET every path, ``concurrency`` clients at a time; latency of each request.

    With ``revalidate``, each request carries the ETag a previous load received, and
    the expected answer is 304 rather than 200."""
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
    return Load(len(paths), time.perf_counter() - started, latencies, errors[0])
