"""``omero_table/<file_id>/[json|csv]/``: an OMERO.table as a page, JSON or CSV, as
OMERO.web's webclient serves it (``?query=``, ``?offset=``, ``?limit=``, CSV
``?header=false``); the table is read only if the user may see its file."""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from pyomero.imaging.errors import ImagingError
from pyomero.imaging.tables import QueryRequest, table_page
from pyomero.model.errors import ModelError
from pyomero.model.values import StandardJSONEncoder
from pyomero.webclient.session import context
from pyomero.webclient.views._common import allow

#: Column classes whose ids link to the webclient (``?show=well-7``).
LINKED = {"WellColumn": "well", "ImageColumn": "image", "DatasetColumn": "dataset"}


def _number(request: HttpRequest, name: str, default: int) -> int:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else default


def _csv(columns: list[str], rows: list[list[Any]], header: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    if header:
        writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def _pages(file_id: int, query: str, offset: int, limit: int, meta: dict[str, Any]) -> None:
    url = reverse("omero_table", args=[file_id])
    meta["url"] = url
    base = {"limit": limit, **({"query": query} if query != "*" else {})}
    if offset % limit == 0:
        meta["page"] = offset // limit + 1
    if offset + limit < meta["totalCount"]:
        meta["next"] = f"{url}?{urlencode({**base, 'offset': offset + limit})}"
    if offset > 0:
        meta["prev"] = f"{url}?{urlencode({**base, 'offset': max(0, offset - limit)})}"


@allow("GET")
@login_required(redirect_field_name="url")
def omero_table(request: HttpRequest, file_id: str, mtype: str | None = None) -> HttpResponse:
    query = request.GET.get("query") or "*"
    offset = _number(request, "offset", 0)
    limit = max(1, _number(request, "limit", int(settings.OMERO_CONFIG["omero.web.page_size"])))
    try:
        file, answer = table_page(
            context(request), int(file_id), QueryRequest(query, (), offset, limit)
        )
    except (ModelError, ImagingError) as exc:
        body = {"error": exc.message, "message": exc.message, "code": exc.code}
        return JsonResponse(body, status=exc.status)
    data, meta = answer["data"], answer["meta"]
    if mtype == "csv":
        text = _csv(data["columns"], data["rows"], request.GET.get("header") != "false")
        response = HttpResponse(text, content_type="text/csv")
        name = file.name.replace(" ", "_").replace(",", ".").replace('"', "_")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    data.update(name=file.name, path=file.path, id=file.pk)
    meta["query"] = query
    _pages(file.pk, query, offset, limit, meta)
    if mtype == "json":
        return JsonResponse(answer, StandardJSONEncoder)
    links = [LINKED.get(kind) for kind in data["column_types"]]
    rows = [list(zip(row, links, strict=True)) for row in data["rows"]]
    headers = list(zip(data["columns"], data["column_types"], strict=True))
    page = {"data": data, "meta": meta, "headers": headers, "rows": rows}
    return render(request, "webclient/omero_table.html", page)
