"""``history/``: the user's imports and edits by day, and their activities.

``load_calendar/<year>/<month>/`` answers the month's calendar and
``load_history/<year>/<month>/<day>/`` one day's list (OMERO.web's paths), both as
fragments the page swaps in; ``history/?day=YYYY-MM-DD`` is the whole page at a day.
``history/activities/`` answers the latest imports, deletes, moves and changes of
owner, polled by the page every 2 s while an import runs.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from pyomero.model import history
from pyomero.model.context import EventContext
from pyomero.model.models import AnnotationKind
from pyomero.webclient.session import context
from pyomero.webclient.views._common import allow, show_url
from pyomero.webclient.views.search import SHOW_KEYS

# How the day's list names each kind of annotation.
KINDS = {
    AnnotationKind.TAG: "tag",
    AnnotationKind.MAP: "key-value pairs",
    AnnotationKind.COMMENT: "comment",
    AnnotationKind.FILE: "attachment",
    AnnotationKind.LONG: "number or rating",
    AnnotationKind.DOUBLE: "number",
    AnnotationKind.BOOLEAN: "yes/no",
    AnnotationKind.TIMESTAMP: "time",
}


@allow("GET")
@login_required(redirect_field_name="url")
def history_page(request: HttpRequest) -> HttpResponse:
    ctx = context(request)
    try:
        chosen = date.fromisoformat(request.GET.get("day", "")) if request.GET.get("day") else None
    except ValueError:
        page = {"error": "day must be a date such as 2024-05-31", "current": "history"}
        return render(request, "webclient/history.html", page, status=400)
    today = chosen or timezone.localdate()
    page = {
        **_calendar(ctx, today.year, today.month, today),
        **_day(ctx, today),
        **_activities(ctx),
    }
    return render(request, "webclient/history.html", page)


@allow("GET")
@login_required(redirect_field_name="url")
def history_activities(request: HttpRequest) -> HttpResponse:
    """The activities alone; the page polls them while something still runs."""
    return render(request, "webclient/history_activities.html", _activities(context(request)))


@allow("GET")
@login_required(redirect_field_name="url")
def load_calendar(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not (1 <= month <= 12 and 1 <= year <= 9999):
        return render(
            request, "webclient/history_error.html", {"error": "no such month"}, status=404
        )
    page = _calendar(context(request), year, month, None)
    return render(request, "webclient/history_calendar.html", page)


@allow("GET")
@login_required(redirect_field_name="url")
def load_history(request: HttpRequest, year: int, month: int, day: int) -> HttpResponse:
    try:
        the_day = date(year, month, day)
    except ValueError:
        return render(request, "webclient/history_error.html", {"error": "no such day"}, status=404)
    return render(request, "webclient/history_day.html", _day(context(request), the_day))


def _calendar(ctx: EventContext, year: int, month: int, chosen: date | None) -> dict[str, Any]:
    counts = history.month(ctx, ctx.user_id, year, month)
    weeks = [
        [{"day": d, "count": counts.get(d), "in_month": d.month == month} for d in week]
        for week in calendar.Calendar().monthdatescalendar(year, month)
    ]
    previous = date(year - 1, 12, 1) if month == 1 else date(year, month - 1, 1)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return {
        "month": date(year, month, 1),
        "weeks": weeks,
        "weekdays": list(calendar.day_abbr),
        "previous": previous,
        "following": following,
        "chosen": chosen,
    }


def _day(ctx: EventContext, the_day: date) -> dict[str, Any]:
    found = history.day(ctx, ctx.user_id, the_day)
    return {
        "day": found,
        "created": [_link(t) for t in found.created],
        "edited": [_link(t) for t in found.edited],
        "annotated": [
            {**_link(a.thing), "kind": KINDS.get(a.kind, a.kind), "text": a.text}
            for a in found.annotated
        ],
        "imports": [{"import": i, "images": [_link(t) for t in i.images]} for i in found.imports],
    }


def _link(thing: history.Thing) -> dict[str, Any]:
    key = SHOW_KEYS[thing.obj_type]
    return {"thing": thing, "key": key, "url": show_url(key, thing.obj_id)}


def _activities(ctx: EventContext) -> dict[str, Any]:
    items = [
        {
            "item": item,
            "targets": [_link(t) for t in item.targets],
            "results": [_link(t) for t in item.results],
        }
        for item in history.activities(ctx)
    ]
    return {"activities": items, "running": any(row["item"].running for row in items)}
