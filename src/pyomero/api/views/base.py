"""What the resource views share: a resource declared as data, listing and one object.

A :class:`Resource` says how OMERO's API serves one kind of object: the visible
queryset it starts from (``model.queries``: views never decide visibility), its
parent filters, its order, its ``url:*`` links, whether DELETE is allowed. The
generic :func:`list_objects` and :func:`one_object` do the rest with a constant
number of queries, whatever the page size.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, Model, OuterRef, QuerySet
from django.http import HttpRequest

from pyomero.api.encoders import Encoder, normalize
from pyomero.api.errors import MethodNotSupportedError
from pyomero.api.links import Linker, linker
from pyomero.api.params import (
    CHILD_COUNT,
    ORPHANED,
    OWNED_LIST,
    PAGING,
    ListParams,
    Param,
    parse_list_params,
)
from pyomero.api.schema import Json
from pyomero.model.access import access
from pyomero.model.actions import do_delete
from pyomero.model.context import ALL_GROUPS, EventContext, event_context
from pyomero.model.errors import ObjectNotFoundError
from pyomero.model.models import DataObject
from pyomero.model.permissions import Action
from pyomero.model.queries import count_children, visible

Encode = Callable[[Encoder, Any], Json]
Prepare = Callable[[QuerySet[Any], ListParams], QuerySet[Any]]
Extra = Callable[[Linker, Any, Json], None]


ONE = ListParams(offset=0, limit=1, max_limit=1)  # what preparing one object is given


def as_is(queryset: QuerySet[Any], params: ListParams) -> QuerySet[Any]:
    return queryset


@dataclass(frozen=True)
class Resource:
    """One kind of object of the API (``Project``, ``Well``...)."""

    omero_type: str
    model: type[Model]
    queryset: Callable[[EventContext], QuerySet[Any]]
    encode: Encode
    ordering: tuple[Any, ...]
    # Parent filters: name -> ORM lookup; those in ``query_filters`` are also query
    # parameters, the others only come from a nested URL (``<name>_id``).
    filters: Mapping[str, str] = field(default_factory=dict)
    query_filters: tuple[Param, ...] = ()
    orphaned: Mapping[str, Any] | None = None  # lookups of "in no container"
    owned: bool = True  # owner and group parameters apply
    child_link: type[Model] | None = None  # containment link counted by childCount
    list_links: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    detail_links: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    deletable: bool = False
    prepare_list: Prepare = as_is
    prepare_detail: Prepare = as_is
    encode_detail: Encode | None = None
    extra_list: Extra | None = None
    extra_detail: Extra | None = None

    def list_params(self) -> tuple[Param, ...]:
        """The query parameters of the resource's lists (for the API's description)."""
        params = [*(OWNED_LIST if self.owned else PAGING), *self.query_filters]
        if self.child_link is not None:
            params.append(CHILD_COUNT)
        if self.orphaned is not None:
            params.append(ORPHANED)
        return tuple(params)


def request_context(request: HttpRequest, group: int = ALL_GROUPS) -> EventContext:
    """The signed-in (or public) user acting in ``group`` (default: all their groups)."""
    return event_context(request.user, group)  # type: ignore[arg-type]


def add_links(
    link: Linker, obj_id: int, encoded: Json, links: Mapping[str, tuple[str, str]]
) -> None:
    for key, (name, kwarg) in links.items():
        encoded[key] = link.url(name, **{kwarg: obj_id})


def child_counts(ctx: EventContext, link_model: type[Model], ids: list[int]) -> dict[int, int]:
    """Visible children per parent id, in one query."""
    rows = (
        visible(ctx, link_model)
        .filter(parent_id__in=ids)
        .order_by()
        .values("parent_id")
        .annotate(n=Count("id"))
    )
    return {row["parent_id"]: row["n"] for row in rows}


def filtered(resource: Resource, ctx: EventContext, params: ListParams) -> QuerySet[Any]:
    queryset = resource.queryset(ctx)
    if resource.owned and params.owner is not None:
        queryset = queryset.filter(owner_id=params.owner)
    lookups = {resource.filters[name]: value for name, value in params.filters.items()}
    if lookups:
        own, through = split_lookups(resource.model, lookups)
        queryset = queryset.filter(*through, **own)
    if params.orphaned and resource.orphaned is not None:
        queryset = queryset.filter(**resource.orphaned)
    return queryset


def split_lookups(
    model: type[Model], lookups: Mapping[str, Any]
) -> tuple[dict[str, Any], list[Exists]]:
    """The lookups on ``model``'s own columns, and one EXISTS per one-to-many relation
    for the others (``dataset_links__parent_id``), holding all of that relation's
    conditions, so that one related row must meet them all, as in one ``filter()``.

    A join would list an object once per matching row, and it leads SQLite to sort
    every child of a container by name for a page of 200 (with EXISTS it walks the
    ``lower(name), id`` index and stops after the page).
    """
    own: dict[str, Any] = {}
    related: dict[str, dict[str, Any]] = {}
    for lookup, value in lookups.items():
        name, _, rest = lookup.partition("__")
        if rest and model._meta.get_field(name).one_to_many:
            related.setdefault(name, {})[rest] = value
        else:
            own[lookup] = value
    through = []
    for name, conditions in related.items():
        relation = model._meta.get_field(name)
        rows = relation.related_model._default_manager.filter(  # type: ignore[union-attr]
            **{relation.field.name: OuterRef("pk")},
            **conditions,  # type: ignore[union-attr]
        )
        through.append(Exists(rows))
    return own, through


def known_total(ctx: EventContext, resource: Resource, params: ListParams) -> int | None:
    """The length of a list of one container's children, from the container's links
    (``model.queries.count_children``); None for any other list."""
    if params.owner is not None or params.orphaned or len(params.filters) != 1:
        return None
    [(name, parent_id)] = params.filters.items()
    relation, _, rest = resource.filters[name].partition("__")
    if rest != "parent_id":
        return None
    field = resource.model._meta.get_field(relation)
    if not field.one_to_many:
        return None
    return count_children(ctx, field.related_model, parent_id)  # type: ignore[arg-type]


def list_objects(
    request: HttpRequest, api_version: str, resource: Resource, path: Mapping[str, int]
) -> Json:
    """A page of ``resource`` as ``{"data": [...], "meta": {...}}`` (OMERO's envelope).

    ``path`` holds the ids of a nested URL (``project_id`` of /projects/<id>/datasets/).
    """
    names = [p.name for p in resource.query_filters]
    parents = {key.removesuffix("_id"): value for key, value in path.items()}
    params = parse_list_params(request.GET, names, parents)
    ctx = request_context(request, params.group if resource.owned else ALL_GROUPS)
    queryset = filtered(resource, ctx, params)
    total = known_total(ctx, resource, params)
    if total is None:
        total = queryset.count()
    rows = page_rows(resource, queryset, params, total)
    counts = _counts(ctx, resource, params.child_count, [row.pk for row in rows])
    data = encode_rows(Encoder(ctx), linker(request, api_version), resource, rows, counts)
    page: Json = {}
    if params.normalize:
        page["experimenters"], page["experimenterGroups"] = normalize(data)
    meta = {"offset": params.offset, "limit": params.limit, "maxLimit": params.max_limit}
    page.update(data=data, meta={**meta, "totalCount": total})
    return page


def page_rows(
    resource: Resource, queryset: QuerySet[Any], params: ListParams, total: int
) -> list[Any]:
    """The rows of the page, in order, in two queries whatever the offset.

    The page's ids first, from a sort of narrow rows (``lower(name), id``), then those
    rows with everything they are encoded with. A page past the middle is taken from
    the end in the reverse order (every ordering ends with the id, so it is strict):
    the database keeps only the best ``offset from the end + limit`` rows while it
    sorts, and the last page of 100,000 images costs what the first does.
    """
    start, stop = params.offset, min(params.offset + params.limit, total)
    if start >= stop:
        return []
    ordered = queryset.order_by(*resource.ordering).values_list("pk", flat=True)
    if start > total - stop:  # nearer the end
        ids = list(ordered.reverse()[total - stop : total - start])[::-1]
    else:
        ids = list(ordered[start:stop])
    rows = queryset.filter(pk__in=ids).order_by()
    if issubclass(resource.model, DataObject):
        # Owners and groups recur down a page: one query each, every row sharing the
        # same objects, rather than a copy of each joined onto every row.
        rows = rows.select_related(None).prefetch_related("owner", "group")
    found = resource.prepare_list(rows, params)
    position = {pk: index for index, pk in enumerate(ids)}
    return sorted(found, key=lambda row: position[row.pk])


def encode_rows(
    enc: Encoder,
    link: Linker,
    resource: Resource,
    rows: list[Any],
    counts: dict[int, int] | None,
) -> list[Json]:
    """The listed objects with their child counts (when asked) and their links."""
    data = []
    for row in rows:
        encoded = resource.encode(enc, row)
        if counts is not None:
            encoded["omero:childCount"] = counts.get(row.pk, 0)
        add_links(link, row.pk, encoded, resource.list_links)
        if resource.extra_list is not None:
            resource.extra_list(link, row, encoded)
        data.append(encoded)
    return data


def _counts(
    ctx: EventContext, resource: Resource, wanted: bool, ids: list[int]
) -> dict[int, int] | None:
    if not wanted or resource.child_link is None:
        return None
    return child_counts(ctx, resource.child_link, ids) if ids else {}


def fetch(request: HttpRequest, resource: Resource, object_id: int) -> tuple[EventContext, Any]:
    """The object, among those the user sees in all their groups, or 404."""
    ctx = request_context(request)
    queryset = resource.prepare_detail(resource.queryset(ctx), ONE)
    obj = queryset.filter(pk=object_id).first()
    if obj is None:
        raise ObjectNotFoundError(resource.omero_type, object_id)
    return ctx, obj


def get_object(request: HttpRequest, api_version: str, resource: Resource, object_id: int) -> Json:
    """``{"data": {...}}`` with the object's links (and childCount when asked)."""
    ctx, obj = fetch(request, resource, object_id)
    encoded = (resource.encode_detail or resource.encode)(Encoder(ctx), obj)
    if request.GET.get("childCount") == "true" and resource.child_link is not None:
        encoded["omero:childCount"] = child_counts(ctx, resource.child_link, [obj.pk]).get(
            obj.pk, 0
        )
    link = linker(request, api_version)
    add_links(link, obj.pk, encoded, resource.detail_links)
    if resource.extra_detail is not None:
        resource.extra_detail(link, obj, encoded)
    return {"data": encoded}


def delete_object(request: HttpRequest, resource: Resource, object_id: int) -> Json:
    """Delete the object (and its graph); answer with it as it was."""
    if not resource.deletable:
        raise MethodNotSupportedError(f"Delete of {resource.omero_type} not supported")
    ctx, obj = fetch(request, resource, object_id)
    encoded = resource.encode(Encoder(ctx), obj)
    do_delete(ctx, access(ctx, resource.model, obj.pk, Action.DELETE))
    return {"data": encoded}


def one_object(request: HttpRequest, api_version: str, resource: Resource, object_id: int) -> Json:
    """GET or DELETE one object."""
    if request.method == "DELETE":
        return delete_object(request, resource, object_id)
    return get_object(request, api_version, resource, object_id)
