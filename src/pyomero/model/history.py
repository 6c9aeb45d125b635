"""A user's history by day and their activities, from what the model records.

Nothing extra is written for it: an import is a :class:`Fileset` (its creation time,
state and images), a creation is an object's ``created`` time, an edit an object's
``updated`` time later than its creation (renames, descriptions), and an annotation
a link the user made (tags, key-value pairs, comments, files, ratings). Days are
those of the current time zone. Everything goes through ``queries.visible``.
"""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, F, Model, QuerySet, Window
from django.db.models.functions import RowNumber, TruncDate
from django.utils import timezone

from pyomero.model.context import EventContext
from pyomero.model.errors import without_paths
from pyomero.model.models import (
    ANNOTATION_LINKS,
    Activity,
    ActivityKind,
    ActivityStatus,
    AnnotationKind,
    Fileset,
    FilesetState,
    NamedValue,
)
from pyomero.model.queries import visible
from pyomero.model.search import SEARCHED

# An object counts as edited when touched this long after its creation.
EDIT_GRACE = timedelta(seconds=60)
LIMIT = 200
IMAGES_PER_IMPORT = 20


@dataclass(frozen=True)
class DayCount:
    imports: int = 0
    created: int = 0
    edited: int = 0

    @property
    def total(self) -> int:
        return self.imports + self.created + self.edited


@dataclass(frozen=True)
class Thing:
    """An object of the history: OMERO type, id, name and when."""

    obj_type: str
    obj_id: int
    name: str
    at: datetime


@dataclass(frozen=True)
class Import:
    fileset_id: int
    at: datetime
    state: str
    error: str
    images: list[Thing]
    image_count: int


@dataclass(frozen=True)
class Annotated:
    thing: Thing
    kind: str
    text: str


@dataclass(frozen=True)
class Day:
    day: date
    imports: list[Import]
    created: list[Thing]
    edited: list[Thing]
    annotated: list[Annotated]


def _bounds(first: date, last: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(first, time.min, tzinfo=tz)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz)
    return start, end


def _mine(ctx: EventContext, model: type[Model], user_id: int) -> QuerySet[Any]:
    return visible(ctx, model).filter(owner_id=user_id)


def month(ctx: EventContext, user_id: int, year: int, month_number: int) -> dict[date, DayCount]:
    """The days of a month with something in ``user_id``'s history, and how much."""
    last = calendar.monthrange(year, month_number)[1]
    start, end = _bounds(date(year, month_number, 1), date(year, month_number, last))
    imports: Counter[date] = Counter()
    created: Counter[date] = Counter()
    edited: Counter[date] = Counter()
    _count(_mine(ctx, Fileset, user_id), "created", start, end, imports)
    for model in SEARCHED.values():
        mine = _mine(ctx, model, user_id)
        _count(mine, "created", start, end, created)
        touched = mine.filter(updated__gt=F("created") + EDIT_GRACE)
        _count(touched, "updated", start, end, edited)
    for link in _link_models():
        _count(_mine(ctx, link, user_id), "created", start, end, edited)
    days = set(imports) | set(created) | set(edited)
    return {d: DayCount(imports[d], created[d], edited[d]) for d in sorted(days)}


def _count(
    found: QuerySet[Any], field: str, start: datetime, end: datetime, into: Counter[date]
) -> None:
    per_day = (
        found.filter(**{f"{field}__gte": start, f"{field}__lt": end})
        .annotate(day=TruncDate(field))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in per_day:
        into[row["day"]] += row["n"]


def day(ctx: EventContext, user_id: int, the_day: date) -> Day:
    """What ``user_id`` imported, created, edited and annotated on ``the_day``."""
    start, end = _bounds(the_day, the_day)
    return Day(
        day=the_day,
        imports=_imports(ctx, user_id, start, end),
        created=_things(ctx, user_id, "created", start, end),
        edited=_things(ctx, user_id, "updated", start, end, edited=True),
        annotated=_annotated(ctx, user_id, start, end),
    )


def _imports(ctx: EventContext, user_id: int, start: datetime, end: datetime) -> list[Import]:
    filesets = _mine(ctx, Fileset, user_id).filter(created__gte=start, created__lt=end)
    listed = list(filesets.annotate(n=Count("images")).order_by("-created")[:LIMIT])
    images = _import_images(ctx, [fileset.pk for fileset in listed])
    return [
        Import(
            fileset_id=fileset.pk,
            at=fileset.created,
            state=fileset.state,
            error=without_paths(fileset.error),
            images=images.get(fileset.pk, []),
            image_count=fileset.n,
        )
        for fileset in listed
    ]


def _import_images(ctx: EventContext, fileset_ids: list[int]) -> dict[int, list[Thing]]:
    """The first images that ctx sees of each import, in one query (by fileset id)."""
    first = Window(RowNumber(), partition_by=[F("fileset_id")], order_by=F("pk").asc())
    rows = (
        visible(ctx, SEARCHED["Image"])
        .filter(fileset_id__in=fileset_ids)
        .annotate(rank=first)
        .filter(rank__lte=IMAGES_PER_IMPORT)
        .order_by("fileset_id", "pk")
        .values_list("fileset_id", "pk", "name", "created")
    )
    found: dict[int, list[Thing]] = {}
    for fileset_id, pk, name, created in rows:
        found.setdefault(fileset_id, []).append(Thing("Image", pk, name, created))
    return found


def _things(
    ctx: EventContext,
    user_id: int,
    field: str,
    start: datetime,
    end: datetime,
    *,
    edited: bool = False,
) -> list[Thing]:
    found: list[Thing] = []
    for obj_type, model in SEARCHED.items():
        mine = _mine(ctx, model, user_id).filter(**{f"{field}__gte": start, f"{field}__lt": end})
        if edited:
            mine = mine.filter(updated__gt=F("created") + EDIT_GRACE)
        rows = mine.order_by(f"-{field}").values_list("pk", "name", field)[:LIMIT]
        found.extend(Thing(obj_type, pk, name, at) for pk, name, at in rows)
    found.sort(key=lambda thing: thing.at, reverse=True)
    return found[:LIMIT]


def _link_models() -> list[type[Model]]:
    return [ANNOTATION_LINKS[obj_type] for obj_type in SEARCHED]


def _annotated(ctx: EventContext, user_id: int, start: datetime, end: datetime) -> list[Annotated]:
    found: list[Annotated] = []
    maps: dict[int, list[int]] = {}
    for obj_type, link in zip(SEARCHED, _link_models(), strict=True):
        links = (
            _mine(ctx, link, user_id)
            .filter(created__gte=start, created__lt=end)
            .select_related("parent", "child", "child__file")
            .order_by("-created")[:LIMIT]
        )
        for made in links:
            parent, child = made.parent, made.child  # type: ignore[attr-defined]
            thing = Thing(obj_type, parent.pk, parent.name, made.created)
            if child.kind == AnnotationKind.MAP:
                maps.setdefault(child.pk, []).append(len(found))
            found.append(Annotated(thing, child.kind, _annotation_text(child)))
    if maps:
        pairs = NamedValue.objects.filter(annotation_id__in=list(maps)).order_by("index")
        texts: dict[int, list[str]] = {}
        for pair in pairs:
            texts.setdefault(pair.annotation_id, []).append(f"{pair.name}={pair.value}")
        for annotation_id, positions in maps.items():
            for position in positions:
                old = found[position]
                text = ", ".join(texts.get(annotation_id, []))
                found[position] = Annotated(old.thing, old.kind, text)
    found.sort(key=lambda a: a.thing.at, reverse=True)
    return found[:LIMIT]


def _annotation_text(annotation: Any) -> str:
    if annotation.kind == AnnotationKind.FILE:
        return annotation.file.name if annotation.file else ""
    if annotation.kind in (AnnotationKind.LONG, AnnotationKind.DOUBLE):
        value = annotation.long_value
        return str(annotation.double_value if value is None else value)
    return str(annotation.text_value or annotation.name or "")


# Activities: imports (from their filesets) and the activity log, newest first.


@dataclass(frozen=True)
class ActivityItem:
    kind: str  # "import", or an ActivityKind value
    label: str
    status: str  # importing/complete/failed for imports, running/done/failed otherwise
    at: datetime
    error: str
    targets: list[Thing]  # what was acted on (deleted things are named, not linked)
    results: list[Thing]  # where the outcome can be seen now
    count: int

    @property
    def running(self) -> bool:
        return self.status in (FilesetState.IMPORTING, ActivityStatus.RUNNING)


def logged_activities(ctx: EventContext, limit: int = 20) -> list[Activity]:
    """The user's latest logged activities (deletes, moves, exports), newest first."""
    everywhere = ctx.in_group(None)
    return list(_mine(everywhere, Activity, ctx.user_id).order_by("-created", "-pk")[:limit])


def activities(ctx: EventContext, limit: int = 20) -> list[ActivityItem]:
    """The user's latest imports, deletes, moves and changes of owner, in all groups."""
    everywhere = ctx.in_group(None)
    mine = _mine(everywhere, Fileset, ctx.user_id).annotate(n=Count("images"))
    filesets = list(mine.order_by("-created")[:limit])
    images = _import_images(everywhere, [fileset.pk for fileset in filesets])
    found = [_import_item(fileset, images.get(fileset.pk, [])) for fileset in filesets]
    logged = list(_mine(everywhere, Activity, ctx.user_id).order_by("-created")[:limit])
    still = _still_there(everywhere, [a for a in logged if a.kind != ActivityKind.DELETE])
    found.extend(_logged_item(activity, still) for activity in logged)
    found.sort(key=lambda item: item.at, reverse=True)
    return found[:limit]


def _import_item(fileset: Any, images: list[Thing]) -> ActivityItem:
    return ActivityItem(
        kind="import",
        label="Import",
        status=fileset.state,
        at=fileset.created,
        error=without_paths(fileset.error),
        targets=[],
        results=images,
        count=fileset.n,
    )


def _targets(activity: Activity) -> list[Thing]:
    return [
        Thing(t["type"], t["id"], t["name"], activity.created)
        for t in activity.targets
        if t.get("type") in SEARCHED
    ]


def _still_there(ctx: EventContext, activities: list[Activity]) -> dict[tuple[str, int], Thing]:
    """The targets of ``activities`` that ctx still sees, as they are now: one query per
    type of object, whatever the number of activities."""
    wanted: dict[str, set[int]] = {}
    for activity in activities:
        for target in _targets(activity):
            wanted.setdefault(target.obj_type, set()).add(target.obj_id)
    found: dict[tuple[str, int], Thing] = {}
    for obj_type, ids in wanted.items():
        rows = visible(ctx, SEARCHED[obj_type]).filter(pk__in=ids)
        for pk, name, updated in rows.values_list("pk", "name", "updated"):
            found[(obj_type, pk)] = Thing(obj_type, pk, name, updated)
    return found


def _logged_item(activity: Activity, still: dict[tuple[str, int], Thing]) -> ActivityItem:
    targets = _targets(activity)
    results: list[Thing] = []
    if activity.kind != ActivityKind.DELETE:
        keys = {(t.obj_type, t.obj_id) for t in targets}
        results = [still[key] for key in keys if key in still]
    label = ActivityKind(activity.kind).label
    where = activity.detail.get("group") or activity.detail.get("owner")
    return ActivityItem(
        kind=activity.kind,
        label=f"{label}: {where}" if where else label,
        status=activity.status,
        at=activity.created,
        error=without_paths(activity.error),
        targets=targets,
        results=sorted(results, key=lambda t: (t.obj_type, t.name)),
        count=int(activity.detail.get("count", len(activity.targets))),
    )
