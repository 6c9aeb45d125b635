"""``audit/``: the trail of administrative changes, as a page and as CSV."""

from __future__ import annotations

import csv
import json
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pyomero.model.models import AuditEntry
from pyomero.model.permissions import can_administer
from pyomero.model.queries import audit_entries
from pyomero.webadmin.views._common import context, page, require

PAGE_SIZE = 50
CSV_COLUMNS = ("time", "actor", "action", "target_type", "target_id", "target", "before", "after")


def changed_fields(entry: AuditEntry) -> list[tuple[str, Any, Any]]:
    """``(field, before, after)`` for each field that differs."""
    before: dict[str, Any] = entry.before or {}
    after: dict[str, Any] = entry.after or {}
    names = sorted(set(before) | set(after))
    empty = (None, "", [])
    return [
        (n, before.get(n), after.get(n))
        for n in names
        if before.get(n) != after.get(n) and not (before.get(n) is None and after.get(n) in empty)
    ]


@require_GET
@page
def audit(request: HttpRequest) -> HttpResponse:
    ctx = context(request)
    require(can_administer(ctx), "read the audit trail")
    entries = Paginator(audit_entries(ctx).select_related(None), PAGE_SIZE)
    current = entries.get_page(request.GET.get("page"))
    rows = [(entry, changed_fields(entry)) for entry in current]
    return render(request, "webadmin/audit.html", {"page": current, "rows": rows})


@require_GET
@page
def audit_csv(request: HttpRequest) -> HttpResponse:
    ctx = context(request)
    require(can_administer(ctx), "read the audit trail")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="omero-audit.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for entry in audit_entries(ctx).iterator():
        writer.writerow(
            [
                entry.time.isoformat(),
                entry.actor_name,
                entry.action,
                entry.target_type,
                entry.target_id if entry.target_id is not None else "",
                entry.target_name,
                json.dumps(entry.before, sort_keys=True),
                json.dumps(entry.after, sort_keys=True),
            ]
        )
    return response
