"""Chunked, resumable uploads: files sent in pieces over HTTP, then imported.

The use case behind the webclient's drag and drop (and ``omero import -s``)::

    upload = start_upload(ctx, root, [("run1/a.ome.tif", 1234)], Target(dataset_id=3))
    offset = append_chunk(ctx, root, upload.id, 0, start=0, total=1234, body=stream)
    received_offset(ctx, root, upload.id, 0)        # where to resume after a drop
    task_id = finish_upload(ctx, root, upload.id)   # the import, as a background task

An upload lives in ``<root>/<upload-id>/`` (``manifest.json`` and ``files/``) until it
is imported (originals are moved into the managed repository by ``upload_rm``) or
abandoned for longer than :data:`MAX_AGE` (:func:`clear_expired_uploads`). Nothing of
it becomes a row until the import, which fails cleanly on its own.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import shutil
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Protocol

from pyomero.imports.options import ImportOptions, Target, Transfer
from pyomero.model.access import access_dataset, access_screen
from pyomero.model.context import EventContext
from pyomero.model.errors import InputInvalidError, ObjectNotFoundError, without_paths
from pyomero.model.permissions import Action

MAX_AGE = 24 * 3600  # seconds without a chunk before an upload is abandoned
MAX_FILES = 10_000
MAX_CHUNK = 64 * 1024 * 1024
_PIECE = 1024 * 1024
MANIFEST = "manifest.json"


class Readable(Protocol):
    def read(self, size: int, /) -> bytes: ...


class UploadInvalidError(InputInvalidError):
    """A request the upload protocol refuses (a bad range, a bad name, ...)."""

    code = "upload_invalid"


class UploadNotFoundError(ObjectNotFoundError):
    """No such upload, or someone else's: the two look the same."""

    def __init__(self, upload_id: object) -> None:
        super().__init__("Upload", upload_id)


@dataclass
class Upload:
    """What ``manifest.json`` holds."""

    id: str
    user_id: int
    group_id: int | None
    names: list[str]
    sizes: list[int]
    dataset_id: int | None = None
    screen_id: int | None = None
    created: float = field(default_factory=time.time)
    task_id: str | None = None

    @property
    def target(self) -> Target:
        return Target(dataset_id=self.dataset_id, screen_id=self.screen_id)


#: How a task names an upload's files: a location every host resolves against its own
#: ``omero.upload.dir``, not a path of the web host that queued it.
UPLOAD_SCHEME = "upload:"


def uploads_root() -> Path:
    """``omero.upload.dir`` of the running server (default ``<omero.data.dir>/Uploads``)."""
    from django.conf import settings

    return Path(settings.OMERO_CONFIG.upload_dir())


def upload_location(upload_id: str) -> str:
    """The location of an upload's files, as a task carries it."""
    return f"{UPLOAD_SCHEME}{upload_id}"


def resolve_location(location: str, root: Path) -> Path | None:
    """The files folder of ``upload:<id>`` under this host's ``root``; None for a path."""
    if not location.startswith(UPLOAD_SCHEME):
        return None
    upload_id = location.removeprefix(UPLOAD_SCHEME)
    if not (upload_id.isalnum() and len(upload_id) == 32):
        raise UploadNotFoundError(upload_id)
    return root / upload_id / "files"


def clean_name(name: str) -> str:
    """A relative path kept inside the upload (folders kept, ``..`` and ``/x`` refused)."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if not parts or name.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise UploadInvalidError(f"bad file name {name!r}")
    if any("\x00" in p for p in parts):
        raise UploadInvalidError(f"bad file name {name!r}")
    return "/".join(parts)


def start_upload(
    ctx: EventContext,
    root: Path,
    files: Sequence[tuple[str, int]],
    target: Target,
) -> Upload:
    """A new upload of ``files`` (name, size) into ``target``, which ctx must be able to
    link to (a dataset or a screen)."""
    if (target.dataset_id is None) == (target.screen_id is None):
        raise UploadInvalidError("choose one target: a dataset or a screen")
    everywhere = ctx.in_group(None)
    if target.dataset_id is not None:
        group_id = access_dataset(everywhere, target.dataset_id, Action.LINK).group_id
    else:
        group_id = access_screen(everywhere, target.screen_id, Action.LINK).group_id
    if not files or len(files) > MAX_FILES:
        raise UploadInvalidError(f"send between 1 and {MAX_FILES} files")
    names = [clean_name(name) for name, _ in files]
    if len(set(names)) != len(names):
        raise UploadInvalidError("file names must be distinct")
    sizes = [int(size) for _, size in files]
    if any(size < 0 for size in sizes):
        raise UploadInvalidError("file sizes must be >= 0")
    clear_expired_uploads(root)
    upload = Upload(secrets.token_hex(16), ctx.user_id, group_id, names, sizes)
    upload.dataset_id, upload.screen_id = target.dataset_id, target.screen_id
    folder = root / upload.id / "files"
    folder.mkdir(parents=True)
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    _save(root, upload)
    return upload


def get_upload(ctx: EventContext, root: Path, upload_id: str) -> Upload:
    """ctx's upload ``upload_id``; anybody else's is answered as missing."""
    if not (upload_id.isalnum() and len(upload_id) == 32):
        raise UploadNotFoundError(upload_id)
    try:
        data = json.loads((root / upload_id / MANIFEST).read_text())
    except (OSError, ValueError):
        raise UploadNotFoundError(upload_id) from None
    upload = Upload(**data)
    if upload.user_id != ctx.user_id:
        raise UploadNotFoundError(upload_id)
    return upload


def _file(root: Path, upload: Upload, index: int) -> tuple[Path, int]:
    if not 0 <= index < len(upload.names):
        raise UploadNotFoundError(f"{upload.id}/{index}")
    return root / upload.id / "files" / upload.names[index], upload.sizes[index]


def received_offset(ctx: EventContext, root: Path, upload_id: str, index: int) -> int:
    """How many bytes of file ``index`` arrived: the client resumes from there."""
    path, _ = _file(root, get_upload(ctx, root, upload_id), index)
    return path.stat().st_size


def append_chunk(
    ctx: EventContext,
    root: Path,
    upload_id: str,
    index: int,
    *,
    start: int,
    total: int,
    length: int,
    body: Readable,
) -> int:
    """Write ``length`` bytes of ``body`` at ``start`` of file ``index``; the new offset.

    A chunk must start at or before the received offset (resending a range is
    harmless) and end within the declared size, which ``total`` must repeat.
    """
    upload = get_upload(ctx, root, upload_id)
    if upload.task_id is not None:
        raise UploadInvalidError("this upload is finished")
    path, size = _file(root, upload, index)
    offset = path.stat().st_size
    if total != size:
        raise UploadInvalidError(f"{upload.names[index]} was declared as {size} bytes, not {total}")
    if length > MAX_CHUNK:
        raise UploadInvalidError(f"chunks are at most {MAX_CHUNK} bytes")
    if start < 0 or length < 0 or start + length > size:
        raise UploadInvalidError(f"range {start}+{length} is outside 0-{size}")
    if start > offset:
        raise UploadInvalidError(f"range starts at {start} but only {offset} bytes arrived")
    with path.open("r+b") as out:
        out.seek(start)
        left = length
        while left:
            piece = body.read(min(_PIECE, left))
            if not piece:
                break
            out.write(piece)
            left -= len(piece)
        if left:  # the connection dropped: keep what is contiguous, drop the rest
            out.truncate(max(offset, out.tell()))
            raise UploadInvalidError(f"the chunk ended {left} bytes early")
    _touch(root, upload)
    return path.stat().st_size


def sha1_of(path: Path) -> str:
    digest = hashlib.sha1()
    with path.open("rb") as stream:
        while piece := stream.read(_PIECE):
            digest.update(piece)
    return digest.hexdigest()


def finish_upload(
    ctx: EventContext, root: Path, upload_id: str, sha1: Sequence[str] | None = None
) -> Upload:
    """Check every file is whole (and, if given, its SHA-1), then queue the import into the
    upload's target as ctx in the target's group; the upload then carries the task id."""
    from pyomero.imports.tasks import submit_import

    upload = get_upload(ctx, root, upload_id)
    if upload.task_id is not None:
        raise UploadInvalidError("this upload is finished")
    for index, name in enumerate(upload.names):
        path, size = _file(root, upload, index)
        if path.stat().st_size != size:
            raise UploadInvalidError(f"{name}: {path.stat().st_size} of {size} bytes arrived")
        if sha1 and index < len(sha1) and sha1[index] and sha1[index] != sha1_of(path):
            raise UploadInvalidError(f"{name}: the SHA-1 does not match, send it again")
    # The worker, maybe on another machine, finds the files under its own upload root.
    options = ImportOptions(target=upload.target, transfer=Transfer.UPLOAD_RM)
    handle = submit_import(ctx.in_group(upload.group_id), [upload_location(upload.id)], options)
    upload.task_id = str(getattr(handle, "id", "") or upload.id)
    _save(root, upload)
    return upload


def import_outcome(
    root: Path, upload_id: str, task_id: str
) -> tuple[str, list[dict[str, object]], str]:
    """``(status, results, error)`` of a finished upload's import task: ``importing``,
    ``complete`` or ``failed``; errors name files as the user sent them."""
    from pyomero.imports.recovery import DEFAULT_IDLE
    from pyomero.imports.tasks import died, queue

    folder = str((root / upload_id / "files").resolve())

    def mine(message: str) -> str:
        named = message.replace(folder + "/", "").replace(folder, "the upload")
        return without_paths(named)  # any other server path (the repository, a copy)

    try:
        results = queue().result(task_id, preserve=True)
    except Exception as exc:  # huey's TaskException: the task raised
        return "failed", [], mine(str(getattr(exc, "metadata", {}).get("error", exc)))
    if results is None:
        if died(task_id, DEFAULT_IDLE.total_seconds()):
            return "failed", [], "the import was interrupted (its worker stopped): upload again"
        return "importing", [], ""
    errors = [mine(str(r["error"])) for r in results if r.get("error")]
    return ("failed" if errors else "complete"), list(results), "; ".join(errors)


def import_progress(root: Path, upload_id: str, task_id: str) -> dict[str, object] | None:
    """How far the upload's running import is: the file (as the user sent it), the stage
    (``copy``, ``pixels``, ``done``, or ``queued`` when a dead worker's run was queued
    again), planes written, bytes copied and which run of the task this is (``attempt``);
    None before it first runs."""
    from pyomero.imports.tasks import attempt_of
    from pyomero.imports.tasks import import_progress as published

    progress = published(task_id)
    attempt = attempt_of(task_id)
    keys = ("stage", "planes_done", "planes_total", "bytes_done", "bytes_total")
    if progress is None:
        if attempt == 1:
            return None
        return {"file": "", **dict.fromkeys(keys, 0), "stage": "queued", "attempt": attempt}
    folder = (root / upload_id / "files").resolve()
    path = Path(str(progress.get("path", "")))
    file = path.relative_to(folder).as_posix() if path.is_relative_to(folder) else path.name
    return {"file": file, **{key: progress.get(key) for key in keys}, "attempt": attempt}


def remove_upload(root: Path, upload_id: str) -> None:
    shutil.rmtree(root / upload_id, ignore_errors=True)


def clear_expired_uploads(root: Path, max_age: float = MAX_AGE, now: float | None = None) -> int:
    """Remove uploads untouched for ``max_age`` seconds; how many were removed."""
    now = time.time() if now is None else now
    removed = 0
    for folder in _folders(root):
        try:
            stamp = (folder / MANIFEST).stat().st_mtime
            task_id = json.loads((folder / MANIFEST).read_text()).get("task_id")
        except (OSError, ValueError):
            stamp, task_id = folder.stat().st_mtime, None
        if task_id and import_outcome(root, folder.name, task_id)[0] == "importing":
            continue  # a long import still reads its files
        if now - stamp > max_age:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def _folders(root: Path) -> Iterable[Path]:
    return [p for p in root.iterdir() if p.is_dir()] if root.is_dir() else []


def _save(root: Path, upload: Upload) -> None:
    path = root / upload.id / MANIFEST
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(upload)))
    tmp.replace(path)


def _touch(root: Path, upload: Upload) -> None:
    (root / upload.id / MANIFEST).touch()
