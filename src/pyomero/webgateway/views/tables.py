"""OMERO.tables under ``table/``: ``<fileid>/query/``, ``<fileid>/metadata/``,
``<fileid>/obj_id_bitmask/``, ``<fileid>/rows/``, ``<fileid>/slice/`` and
``<objtype>/<objid>/query/`` (the newest bulk-annotation table of an object).

Answers are OMERO.web's JSON; a refusal carries OMERO's ``error`` key (with our
``message`` and ``code``) under a 4xx status, where OMERO.web answers 200.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_http_methods, require_safe

from pyomero.imaging import tables
from pyomero.imaging.errors import TableRequestError
from pyomero.model.values import StandardJSONEncoder
from pyomero.webgateway.bulk import bulk_annotations
from pyomero.webgateway.views._common import ERRORS, context


def table_view(view: Callable[..., Any]) -> Callable[..., HttpResponse]:
    """JSON out; errors as ``{"error", "message", "code"}`` with their status."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            result = view(request, *args, **kwargs)
        except ERRORS as exc:
            message = getattr(exc, "message", None) or str(exc)
            body = {"error": message, "message": message, "code": exc.code}
            return JsonResponse(body, status=exc.status)
        if isinstance(result, HttpResponse):
            return result
        return JsonResponse(result, StandardJSONEncoder)

    return login_required(wrapper, redirect_field_name="url")


def _count(request: HttpRequest, name: str, default: int | None) -> int | None:
    value = request.GET.get(name)
    if value is None or value == "":
        return default
    try:
        found = int(value)
    except ValueError:
        raise TableRequestError(f"{name}={value!r} is not a number") from None
    if found < 0:
        raise TableRequestError(f"{name} must not be negative")
    return found


def _query(request: HttpRequest) -> str:
    query = request.GET.get("query")
    if not query:
        raise TableRequestError("Must specify query parameter, use * to retrieve all")
    return query


def query_request(request: HttpRequest, query: str | None = None) -> tables.QueryRequest:
    return tables.QueryRequest(
        query=query or _query(request),
        col_names=tuple(request.GET.getlist("col_names")),
        offset=_count(request, "offset", 0) or 0,
        limit=_count(request, "limit", None),
    )


@table_view
@require_safe
def table_query(request: HttpRequest, fileid: str) -> Any:
    return tables.query_table(context(request), int(fileid), query_request(request))


@table_view
@require_safe
def table_metadata(request: HttpRequest, fileid: str) -> Any:
    return tables.table_metadata(context(request), int(fileid))


@table_view
@require_safe
def obj_id_bitmask(request: HttpRequest, fileid: str) -> Any:
    col_name = request.GET.get("col_name", "object")
    mask = tables.id_bitmask(context(request), int(fileid), _query(request), col_name)
    return HttpResponse(mask, content_type="application/octet-stream")


@table_view
@require_safe
def table_get_where_list(request: HttpRequest, fileid: str) -> Any:
    query = request.GET.get("query")
    if not query:
        raise TableRequestError("Must specify query")
    start = _count(request, "start", 0) or 0
    return tables.matching_rows(context(request), int(fileid), query, start)


@table_view
@require_http_methods(["GET", "HEAD", "POST"])
def table_slice(request: HttpRequest, fileid: str) -> Any:
    source = request.POST if request.method == "POST" else request.GET
    rows, columns = source.get("rows"), source.get("columns")
    return tables.table_slice(context(request), int(fileid), rows, columns)


@table_view
@require_safe
def object_table_query(request: HttpRequest, objtype: str, objid: str) -> Any:
    """The newest (highest file id) bulk-annotation table of the object that answers."""
    ctx = context(request)
    found = bulk_annotations(ctx, objtype, int(objid))["data"]
    if not found:
        raise TableRequestError("Could not retrieve bulk annotations table", "no_table", 404)
    chosen = query_request(request)
    last: TableRequestError | None = None
    for annotation in sorted(found, key=lambda a: a["file"], reverse=True):
        try:
            answer = tables.query_table(ctx, annotation["file"], chosen)
        except TableRequestError as exc:
            last = exc
            continue
        answer["id"] = annotation["file"]
        answer["annId"] = annotation["id"]
        for key in ("owner", "addedBy", "parentType", "parentId", "addedOn"):
            answer[key] = annotation[key]
        return answer
    assert last is not None
    raise last
