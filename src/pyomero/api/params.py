"""Query parameters, declared as data and parsed once into :class:`ListParams`.

OMERO's rules: integers parse with ``int()`` (a bad one is a 400 whose message is
Python's); booleans are true only when spelled ``true``; a missing or negative
``limit`` is ``omero.web.api.limit``, any limit is capped at
``omero.web.api.max_limit``; a negative ``offset`` is 0; ``group=-1`` (the
default) is all the user's groups. pyomero also reads ``owner=-1`` as every owner.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from django.http import QueryDict

from pyomero.api.conf import api_settings
from pyomero.api.errors import BadRequestError
from pyomero.model.context import ALL_GROUPS

ParamType = Literal["integer", "boolean", "string"]
BIGINT = 2**63  # integers fit a 64-bit database column


@dataclass(frozen=True)
class Param:
    """One parameter of an endpoint (what an OpenAPI document lists)."""

    name: str
    type: ParamType
    description: str
    location: Literal["query", "path"] = "query"


OFFSET = Param("offset", "integer", "Pagination offset (default 0).")
LIMIT = Param("limit", "integer", "Page size (default omero.web.api.limit, at most max_limit).")
OWNER = Param("owner", "integer", "Only objects of this Experimenter.")
GROUP = Param("group", "integer", "Only objects in this group; -1 (default) all groups.")
NORMALIZE = Param("normalize", "boolean", "true: owners and groups in top-level lists.")
CHILD_COUNT = Param("childCount", "boolean", "true: add omero:childCount to containers.")
ORPHANED = Param("orphaned", "boolean", "true: only objects without a parent container.")
OBJECT_ID = Param("object_id", "integer", "The object's id.", "path")

PAGING = (OFFSET, LIMIT)
OWNED_LIST = (OFFSET, LIMIT, OWNER, GROUP, NORMALIZE)


def parent_param(name: str, what: str) -> Param:
    return Param(name, "integer", f"Only objects related to this {what}.")


@dataclass(frozen=True)
class ListParams:
    offset: int
    limit: int
    max_limit: int
    owner: int | None = None
    group: int = ALL_GROUPS
    child_count: bool = False
    normalize: bool = False
    orphaned: bool = False
    filters: Mapping[str, int] = field(default_factory=dict)


def parse_int(query: QueryDict, name: str, default: int | None = None) -> int | None:
    value = query.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError as error:
        raise BadRequestError(str(error)) from None
    if not -BIGINT <= number < BIGINT:
        raise BadRequestError(f"{name} {value} is out of range")
    return number


def parse_bool(query: QueryDict, name: str) -> bool:
    return query.get(name) == "true"


def parse_list_params(
    query: QueryDict, filters: Iterable[str] = (), path: Mapping[str, int] | None = None
) -> ListParams:
    """The paging, owner, group and flags of a list, and its parent ``filters``.

    ``path`` holds the ids a nested URL carries (``project`` for
    /projects/<id>/datasets/); they win over the same filter in the query.
    """
    settings = api_settings()
    limit = parse_int(query, "limit")
    offset = parse_int(query, "offset", 0) or 0
    owner = parse_int(query, "owner")
    group = parse_int(query, "group", ALL_GROUPS)
    found: dict[str, int] = {}
    for name in filters:
        value = parse_int(query, name)
        if value is not None:
            found[name] = value
    found.update(path or {})
    return ListParams(
        offset=max(offset, 0),
        limit=min(settings.limit if limit is None or limit < 0 else limit, settings.max_limit),
        max_limit=settings.max_limit,
        owner=None if owner in (None, -1) else owner,
        group=ALL_GROUPS if group is None else group,
        child_count=parse_bool(query, "childCount"),
        normalize=parse_bool(query, "normalize"),
        orphaned=parse_bool(query, "orphaned"),
        filters=found,
    )
