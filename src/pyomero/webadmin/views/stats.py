"""``stats/`` and ``drivespace_json/...``: disk usage per user and per group."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pyomero.model.errors import ObjectNotFoundError
from pyomero.model.permissions import can_see_usage
from pyomero.model.queries import Usage, disk_usage
from pyomero.webadmin.views._common import context, json_page, page


def _bars(usage: list[Usage]) -> list[tuple[Usage, float]]:
    top = max((u.total for u in usage), default=0) or 1
    return [(u, round(100 * u.total / top, 1)) for u in usage]


@require_GET
@page
def stats(request: HttpRequest) -> HttpResponse:
    ctx = context(request)
    data = {
        "by_group": _bars(disk_usage(ctx, "group")),
        "by_user": _bars(disk_usage(ctx, "user")),
    }
    return render(request, "webadmin/stats.html", data)


def _rows(usage: list[Usage], id_name: str) -> list[dict[str, Any]]:
    return [
        {"label": u.label, "data": u.total, id_name: u.id, "files": u.files, "pixels": u.pixels}
        for u in usage
    ]


@require_GET
@json_page
def drivespace_json(
    request: HttpRequest, query: str, group_id: int | None = None, user_id: int | None = None
) -> list[dict[str, Any]]:
    """OMERO's shapes: ``groups/`` and ``users/`` list everyone; ``group/<gid>/`` its
    users, ``user/<uid>/`` their groups. Each row: ``label``, ``data`` (bytes), the id."""
    ctx = context(request)
    if query not in ("groups", "users", "group", "user"):
        raise ObjectNotFoundError("drivespace query", query)
    if group_id is not None and not can_see_usage(ctx, group_id):
        raise ObjectNotFoundError("ExperimenterGroup", group_id)
    if query in ("groups", "user"):
        return _rows(disk_usage(ctx, "group", user_id=user_id), "groupId")
    return _rows(disk_usage(ctx, "user", group_id=group_id), "userId")
