"""The web upload: start, send chunks (resumable), finish into an import; activities.

``POST upload/`` ``{"files": [{"name", "size"}], "dataset": id | "screen": id}`` ->
``{"id"}``; ``PUT upload/<id>/<index>/`` with ``Content-Range: bytes a-b/size`` ->
``{"offset"}`` (``GET``/``HEAD`` answer the offset to resume from, also as the
``Upload-Offset`` header); ``POST upload/<id>/finish/`` ``{"sha1": [...]}`` -> the
activity; ``GET activities/`` -> this session's uploads and their imports (a running
import's ``progress``: file, stage, planes written and bytes copied so far).
"""

from __future__ import annotations

import json
import re
import time
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

from pyomero.imports import uploads
from pyomero.imports.options import Target
from pyomero.model import values
from pyomero.model.errors import InputInvalidError
from pyomero.webclient.session import context
from pyomero.webclient.views._common import allow, json_view, show_url

ACTIVITIES = "upload_activities"
RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")


def _json_body(request: HttpRequest) -> dict[str, Any]:
    try:
        data = values.loads(request.body or b"{}")
    except InputInvalidError as exc:
        raise uploads.UploadInvalidError(exc.message) from None
    if not isinstance(data, dict):
        raise uploads.UploadInvalidError("the body must be a JSON object")
    return data


def _int(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
        raise uploads.UploadInvalidError(f"{what} must be a whole number")
    return int(value)


@allow("POST")
@json_view
def start(request: HttpRequest) -> dict[str, object]:
    data = _json_body(request)
    files = data.get("files")
    if not isinstance(files, list) or not all(isinstance(f, dict) for f in files):
        raise uploads.UploadInvalidError("files must be a list of {name, size}")
    pairs = [(str(f.get("name", "")), _int(f.get("size"), "size")) for f in files]
    dataset, screen = data.get("dataset"), data.get("screen")
    target = Target(
        dataset_id=None if dataset is None else _int(dataset, "dataset"),
        screen_id=None if screen is None else _int(screen, "screen"),
    )
    upload = uploads.start_upload(context(request), uploads.uploads_root(), pairs, target)
    return {"id": upload.id, "files": upload.names}


def with_offset(view: Any) -> Any:
    """Repeat the offset as the ``Upload-Offset`` header (HEAD has no body to read)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = view(request, *args, **kwargs)
        if response.status_code == 200 and isinstance(response, JsonResponse):
            response["Upload-Offset"] = str(json.loads(response.content)["offset"])
        return response

    return wrapper


@allow("GET", "HEAD", "PUT", "PATCH")
@with_offset
@json_view
def chunk(request: HttpRequest, upload_id: str, index: int) -> dict[str, object]:
    ctx, root = context(request), uploads.uploads_root()
    if request.method in ("GET", "HEAD"):
        return {"offset": uploads.received_offset(ctx, root, upload_id, index)}
    found = RANGE.match(request.headers.get("Content-Range", ""))
    if found is None:
        raise uploads.UploadInvalidError("send Content-Range: bytes FIRST-LAST/SIZE")
    first, last, size = (int(g) for g in found.groups())
    length = _int(request.headers.get("Content-Length", "0") or "0", "Content-Length")
    if last < first or length != last - first + 1:
        raise uploads.UploadInvalidError("Content-Range and Content-Length disagree")
    offset = uploads.append_chunk(
        ctx, root, upload_id, index, start=first, total=size, length=length, body=request
    )
    return {"offset": offset}


chunk.streams_body = True  # type: ignore[attr-defined]  # up to uploads.MAX_CHUNK, to disk


@allow("POST")
@json_view
def finish(request: HttpRequest, upload_id: str) -> dict[str, object]:
    sha1 = _json_body(request).get("sha1") or []
    if not isinstance(sha1, list):
        raise uploads.UploadInvalidError("sha1 must be a list")
    root = uploads.uploads_root()
    upload = uploads.finish_upload(context(request), root, upload_id, [str(s) for s in sha1])
    activity = {"id": upload.id, "task": upload.task_id, "names": upload.names, "at": time.time()}
    described = _describe(activity)
    request.session[ACTIVITIES] = [*request.session.get(ACTIVITIES, [])[-49:], activity]
    return described


@allow("GET")
@json_view
def activities(request: HttpRequest) -> dict[str, object]:
    listed = request.session.get(ACTIVITIES, [])
    described = [_describe(activity) for activity in listed]
    request.session.modified = True  # outcomes are kept in the session once known
    return {"activities": described}


def _describe(activity: dict[str, Any]) -> dict[str, object]:
    """The activity as JSON; a final outcome is kept in ``activity`` (the session), as
    another server process may not see the task's result, and the upload is removed."""
    if "status" not in activity:
        root = uploads.uploads_root()
        status, results, error = uploads.import_outcome(root, activity["id"], activity["task"])
        if status == "importing":
            progress = uploads.import_progress(root, activity["id"], activity["task"])
            return {
                **_public(activity),
                "status": status,
                "error": "",
                "images": [],
                "progress": progress,
            }
        uploads.remove_upload(root, activity["id"])
        images = [int(i) for r in results for i in r.get("images", [])]  # type: ignore[attr-defined]
        activity.update(status=status, error=error, images=images)
    links = [{"id": i, "url": show_url("image", i)} for i in activity["images"]]
    return {
        **_public(activity),
        "status": activity["status"],
        "error": activity["error"],
        "images": links,
        "progress": None,
    }


def _public(activity: dict[str, Any]) -> dict[str, object]:
    return {"id": activity["id"], "names": activity["names"]}
