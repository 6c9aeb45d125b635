"""Full-text search of names, descriptions and annotations, with the database's own index.

:func:`search` answers a :class:`SearchQuery` for a context: the visible objects
(``queries.visible_search_entries``: the one view rule) whose words start with every word of
the query, filtered by type, owner, group and creation date, a page at a time.

The entries are kept by :func:`refresh`, run before each search: database
triggers (migration 0005) queue every object whose name, description, details or
annotations changed, and :func:`refresh` rebuilds just those entries. Words are
normalised here, the same way for the text and the query, so SQLite's FTS5 and
PostgreSQL's ``to_tsvector('simple', ...)`` see the same tokens.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    IntegerField,
    Model,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone

from pyomero.model.context import EventContext
from pyomero.model.models import (
    ANNOTATION_LINKS,
    AnnotationKind,
    Dataset,
    Image,
    NamedValue,
    Plate,
    PlateAcquisition,
    Project,
    Screen,
    SearchDirty,
    SearchEntry,
)
from pyomero.model.queries import visible_search_entries

# OMERO type -> model, in the order results are listed (then by name).
SEARCHED: dict[str, type[Model]] = {
    "Project": Project,
    "Dataset": Dataset,
    "Image": Image,
    "Screen": Screen,
    "Plate": Plate,
    "PlateAcquisition": PlateAcquisition,
}
# OMERO.web's ``datatype`` values -> OMERO types.
DATATYPES: dict[str, str] = {
    "projects": "Project",
    "datasets": "Dataset",
    "images": "Image",
    "screens": "Screen",
    "plates": "Plate",
    "acquisitions": "PlateAcquisition",
}
# OMERO.web's ``field`` values -> the entry's column of those words.
FIELDS: dict[str, str] = {
    "name": "name_words",
    "description": "description_words",
    "annotation": "annotation_words",
}
MAX_WORDS = 16
ANALYZE_AFTER = 1000
QUEUE_BATCH = 5000
BATCH = 500
_WORD = re.compile(r"[^\W_]+")
_TEXT_KINDS = (AnnotationKind.TAG, AnnotationKind.COMMENT)


def words(text: str) -> list[str]:
    """The searchable words of ``text``: runs of letters and digits, lower case, without
    accents (so "Café" and "cafe" match on both databases)."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return _WORD.findall("".join(c for c in folded if not unicodedata.combining(c)))


def _join(texts: Iterable[str]) -> str:
    return " ".join(w for t in texts if t for w in words(t))


@dataclass(frozen=True)
class SearchQuery:
    text: str
    types: frozenset[str] = frozenset(SEARCHED)
    owner_id: int | None = None
    group_id: int | None = None
    created_from: date | None = None
    created_to: date | None = None
    fields: frozenset[str] = frozenset(FIELDS)  # where the words may be
    page: int = 1
    limit: int = 50


@dataclass(frozen=True)
class SearchHit:
    obj_type: str
    obj_id: int
    name: str
    owner_id: int
    owner_name: str
    group_id: int
    group_name: str
    created: datetime


@dataclass(frozen=True)
class SearchResults:
    query: SearchQuery
    total: int
    hits: list[SearchHit] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.limit))


# Keeping the entries fresh.


def refresh() -> int:
    """Rebuild the entries the triggers marked stale; answers how many were queued.

    A batch of queued rows at a time, each batch one short transaction, so a large
    backlog (a big import) never holds the database's write lock for long.
    """
    refreshed = 0
    while SearchDirty.objects.exists():  # no write lock for nothing (SQLite: IMMEDIATE)
        done = _refresh_batch()
        if not done:
            break
        refreshed += done
    if refreshed >= ANALYZE_AFTER and connection.vendor == "postgresql":
        # Fresh statistics, or the planner scans every entry instead of the GIN index.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE model_searchentry")
    return refreshed


def _refresh_batch() -> int:
    with transaction.atomic():
        rows = list(
            SearchDirty.objects.order_by("pk").values_list("pk", "obj_type", "obj_id")[:QUEUE_BATCH]
        )
        stale: dict[str, set[int]] = defaultdict(set)
        for _, obj_type, obj_id in rows:
            stale[obj_type].add(obj_id)
        for obj_type, ids in stale.items():
            if obj_type in SEARCHED:
                for chunk in _chunks(sorted(ids)):
                    _reindex(obj_type, chunk)
        # Exactly the rows read: one queued meanwhile (even with a lower id) stays.
        SearchDirty.objects.filter(pk__in=[row[0] for row in rows]).delete()
    return len(rows)


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def _reindex(obj_type: str, ids: list[int]) -> None:
    model = SEARCHED[obj_type]
    rows = model._default_manager.filter(pk__in=ids).values(
        "pk", "name", "description", "owner_id", "group_id", "created", "updated"
    )
    texts = _annotation_texts(obj_type, ids)
    entries = [_entry(obj_type, row, _join(texts.get(row["pk"], []))) for row in rows]
    found = {entry.obj_id for entry in entries}
    gone = [i for i in ids if i not in found]
    if gone:
        SearchEntry.objects.filter(obj_type=obj_type, obj_id__in=gone).delete()
    SearchEntry.objects.bulk_create(
        entries,
        update_conflicts=True,
        unique_fields=["obj_type", "obj_id"],
        update_fields=[
            "owner",
            "group",
            "created",
            "updated",
            "name",
            "text",
            *FIELDS.values(),
        ],
    )


def _entry(obj_type: str, row: dict[str, Any], annotation_words: str) -> SearchEntry:
    name_words, description_words = _join([row["name"]]), _join([row["description"]])
    return SearchEntry(
        obj_type=obj_type,
        obj_id=row["pk"],
        owner_id=row["owner_id"],
        group_id=row["group_id"],
        created=row["created"],
        updated=row["updated"],
        name=row["name"],
        text=" ".join(w for w in (name_words, description_words, annotation_words) if w),
        name_words=name_words,
        description_words=description_words,
        annotation_words=annotation_words,
    )


def _annotation_texts(obj_type: str, ids: list[int]) -> dict[int, list[str]]:
    """The words of the tags, comments, key-value pairs and files on each object."""
    links = ANNOTATION_LINKS[obj_type]._default_manager.filter(parent_id__in=ids)
    found: dict[int, list[str]] = defaultdict(list)
    maps: dict[int, list[int]] = defaultdict(list)
    for parent, kind, text, name, description, file_name, child in links.values_list(
        "parent_id",
        "child__kind",
        "child__text_value",
        "child__name",
        "child__description",
        "child__file__name",
        "child_id",
    ):
        if kind in _TEXT_KINDS:
            found[parent].extend((text, description))
        elif kind == AnnotationKind.MAP:
            maps[child].append(parent)
        elif kind == AnnotationKind.FILE:
            found[parent].extend((file_name or "", description))
        found[parent].append(name)
    if maps:
        pairs = NamedValue.objects.filter(annotation_id__in=list(maps)).values_list(
            "annotation_id", "name", "value"
        )
        for annotation_id, key, value in pairs:
            for parent in maps[annotation_id]:
                found[parent].extend((key, value))
    return found


# Searching.


def search(ctx: EventContext, query: SearchQuery) -> SearchResults:
    """The visible objects matching every word of ``query.text``, a page of them."""
    refresh()
    found = matching(ctx, query)
    total = found.count()
    start = (query.page - 1) * query.limit
    page = found.select_related("owner", "group")[start : start + query.limit]
    hits = [
        SearchHit(
            obj_type=e.obj_type,
            obj_id=e.obj_id,
            name=e.name,
            owner_id=e.owner_id,
            owner_name=e.owner.get_full_name() or e.owner.get_username(),
            group_id=e.group_id,
            group_name=e.group.name,
            created=e.created,
        )
        for e in page
    ]
    return SearchResults(query=query, total=total, hits=hits)


def matching(ctx: EventContext, query: SearchQuery) -> QuerySet[SearchEntry]:
    """The entries ``query`` finds for ``ctx``, by type then name (no refresh)."""
    terms = words(query.text)[:MAX_WORDS]
    if not terms:
        return SearchEntry.objects.none()
    found = visible_search_entries(ctx).filter(_full_text(terms))
    if not set(FIELDS) <= query.fields:
        found = found.filter(_in_fields(terms, sorted(query.fields & set(FIELDS))))
    if not set(SEARCHED) <= query.types:
        found = found.filter(obj_type__in=sorted(query.types & set(SEARCHED)))
    if query.owner_id is not None:
        found = found.filter(owner_id=query.owner_id)
    if query.group_id is not None:
        found = found.filter(group_id=query.group_id)
    if query.created_from is not None:
        found = found.filter(created__gte=_start_of(query.created_from))
    if query.created_to is not None:
        found = found.filter(created__lt=_start_of(query.created_to + timedelta(days=1)))
    rank = Case(
        *(When(obj_type=t, then=Value(i)) for i, t in enumerate(SEARCHED)),
        output_field=IntegerField(),
    )
    return found.order_by(rank, "name", "obj_id")


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _full_text(terms: list[str]) -> RawSQL:
    """A condition: the entry's text has a word starting with each of ``terms``."""
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{term}:*" for term in terms)
        sql = (
            "to_tsvector('simple'::regconfig, model_searchentry.text) "
            "@@ to_tsquery('simple'::regconfig, %s)"
        )
        return RawSQL(sql, [tsquery], output_field=BooleanField())
    match = " ".join(f'"{term}"*' for term in terms)
    sql = (
        "model_searchentry.id IN (SELECT rowid FROM model_searchentry_fts "
        "WHERE model_searchentry_fts MATCH %s)"
    )
    return RawSQL(sql, [match], output_field=BooleanField())


def _in_fields(terms: list[str], fields: list[str]) -> Q:
    """Each term starts a word of one of ``fields`` (the index found the candidates)."""
    if not fields:
        return Q(pk__in=[])
    condition = Q()
    for term in terms:
        anywhere = Q()
        for name in fields:
            column = FIELDS[name]
            anywhere |= Q(**{f"{column}__startswith": term}) | Q(
                **{f"{column}__contains": f" {term}"}
            )
        condition &= anywhere
    return condition


def entry_of(obj: Any) -> SearchEntry | None:
    """The (refreshed) entry of ``obj``, for tests and diagnostics."""
    refresh()
    return SearchEntry.objects.filter(obj_type=obj.omero_type, obj_id=obj.pk).first()
