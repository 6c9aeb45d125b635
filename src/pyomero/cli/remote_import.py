"""``omero import -s https://host[/prefix]``: import into a remote pyomero over HTTP.

The client of the webclient's chunked upload (docs/webclient.md, "Upload"): sign in
through ``/api/v0/login/``, send every file in 8 MiB chunks (resuming from the
server's offset after a failure), finish, then wait for the import's activity and
print OMERO's summary line. Only the standard library: no Django, no HTTP package.
"""

from __future__ import annotations

import hashlib
import http.cookiejar
import json
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from pyomero.cli.errors import CommandError

CHUNK = 8 * 1024 * 1024
RETRIES = 5


class Remote:
    """A signed-in HTTP session with a pyomero server."""

    def __init__(self, server: str) -> None:
        self.base = server.rstrip("/")
        if "://" not in self.base:
            self.base = "https://" + self.base
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.token = ""

    def call(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        request = urllib.request.Request(
            self.base + path,
            data=body,
            method=method,
            headers={"Accept": "application/json", "Referer": self.base + "/", **(headers or {})},
        )
        if self.token:
            request.add_header("X-CSRFToken", self.token)
        try:
            with self.opener.open(request, timeout=300) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            try:
                message = json.loads(exc.read()).get("message", "")
            except ValueError:
                message = ""
            raise CommandError(f"{self.base}{path}: {exc.code} {message or exc.reason}") from None
        except urllib.error.URLError as exc:
            raise ConnectionError(f"{self.base}{path}: {exc.reason}") from exc

    def send_json(self, path: str, data: dict[str, Any]) -> Any:
        body = json.dumps(data).encode()
        return self.call("POST", path, body, {"Content-Type": "application/json"})

    def login(self, username: str, password: str) -> None:
        self.token = str(self.call("GET", "/api/v0/token/")["data"])
        self.send_json("/api/v0/login/", {"username": username, "password": password})


def files_of(paths: list[Path]) -> list[tuple[Path, str]]:
    """Every file of ``paths``, named relative to its argument's parent (folders kept)."""
    found: list[tuple[Path, str]] = []
    for path in paths:
        path = path.absolute()
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file())
            found += [(p, p.relative_to(path.parent).as_posix()) for p in files]
        elif path.is_file():
            found.append((path, path.name))
        else:
            raise CommandError(f"{path}: no such file or directory")
    return found


def send_file(remote: Remote, upload_id: str, index: int, path: Path) -> str:
    """Send ``path`` in chunks, resuming from the server's offset; its SHA-1."""
    url = f"/webclient/upload/{upload_id}/{index}/"
    size, offset, failures = path.stat().st_size, 0, 0
    with path.open("rb") as stream:
        while offset < size:
            stream.seek(offset)
            piece = stream.read(CHUNK)
            headers = {
                "Content-Range": f"bytes {offset}-{offset + len(piece) - 1}/{size}",
                "Content-Type": "application/octet-stream",
            }
            try:
                offset = int(remote.call("PUT", url, piece, headers)["offset"])
                failures = 0
            except ConnectionError:
                failures += 1
                if failures > RETRIES:
                    raise CommandError(f"{path}: the connection keeps dropping") from None
                time.sleep(min(2**failures, 30))
                offset = int(remote.call("GET", url)["offset"])
    digest = hashlib.sha1()
    with path.open("rb") as stream:
        while block := stream.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def progress_line(progress: dict[str, Any] | None) -> str:
    """The server's progress of an import, as one line (empty before it starts)."""
    if not progress:
        return ""
    if progress.get("stage") == "copy":
        done, total = progress.get("bytes_done", 0), progress.get("bytes_total", 0)
        return f"Importing {progress['file']}: {done}/{total} bytes copied"
    done, total = progress.get("planes_done", 0), progress.get("planes_total", 0)
    return f"Importing {progress['file']}: {done}/{total} planes written"


def remote_import(
    server: str,
    username: str,
    password: str,
    paths: list[Path],
    target: dict[str, int],
    poll: float = 1.0,
) -> int:
    """Upload ``paths`` into ``target`` (``{"dataset": id}`` or ``{"screen": id}``), wait
    for the import, print the summary; the exit code."""
    remote = Remote(server)
    remote.login(username, password)
    files = files_of(paths)
    sizes = [{"name": name, "size": path.stat().st_size} for path, name in files]
    started = remote.send_json("/webclient/upload/", {"files": sizes, **target})
    sha1 = []
    for index, (path, name) in enumerate(files):
        print(f"Uploading {name} ({sizes[index]['size']} bytes)", file=sys.stderr)
        sha1.append(send_file(remote, started["id"], index, path))
    activity = remote.send_json(f"/webclient/upload/{started['id']}/finish/", {"sha1": sha1})
    shown = ""
    while activity["status"] == "importing":
        time.sleep(poll)
        found = remote.call("GET", "/webclient/activities/")["activities"]
        activity = next(a for a in found if a["id"] == started["id"])
        line = progress_line(activity.get("progress"))
        if line and line != shown:
            print(line, file=sys.stderr)
            shown = line
    if activity["status"] == "failed":
        print(f"omero import: {activity['error']}", file=sys.stderr)
        return 1
    print("Image:" + ",".join(str(image["id"]) for image in activity["images"]))
    return 0
