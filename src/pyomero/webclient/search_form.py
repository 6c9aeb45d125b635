"""The search form's query parameters, parsed once (OMERO.web's names).

``query`` (the words), ``datatype`` (repeated: ``projects``, ``datasets``, ``images``,
``screens``, ``plates``, ``acquisitions``; none means all), ``field`` (repeated:
``name``, ``description``, ``annotation``; none means all), ``ownedBy`` (an
experimenter id, ``-1`` or empty for anyone), ``searchGroup`` (a group id, ``-1``
for all the user's groups; absent: the active group), ``startdateinput`` and
``enddateinput`` (``YYYY-MM-DD``, the creation date), ``page`` (from 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import QueryDict

from pyomero.model.context import ALL_GROUPS, EventContext
from pyomero.model.errors import InputInvalidError
from pyomero.model.search import DATATYPES, FIELDS, SearchQuery

PAGE_SIZE = 50
ANYONE = -1


@dataclass(frozen=True)
class SearchForm:
    text: str
    datatypes: tuple[str, ...]
    fields: tuple[str, ...]
    owned_by: int
    search_group: int
    start: date | None
    end: date | None
    page: int

    @property
    def asked(self) -> bool:
        """True when there are words to search for."""
        return bool(self.text.strip())

    def query(self) -> SearchQuery:
        types = [DATATYPES[d] for d in self.datatypes] or list(DATATYPES.values())
        return SearchQuery(
            text=self.text,
            types=frozenset(types),
            fields=frozenset(self.fields or FIELDS),
            owner_id=None if self.owned_by == ANYONE else self.owned_by,
            group_id=None if self.search_group == ALL_GROUPS else self.search_group,
            created_from=self.start,
            created_to=self.end,
            page=self.page,
            limit=PAGE_SIZE,
        )


def parse_search(data: QueryDict, ctx: EventContext) -> SearchForm:
    """The form from ``data``; bad values raise :class:`InputInvalidError`."""
    datatypes = tuple(dict.fromkeys(data.getlist("datatype")))
    unknown = [d for d in datatypes if d not in DATATYPES]
    if unknown:
        raise InputInvalidError(f"datatype must be one of {', '.join(DATATYPES)}")
    fields = tuple(dict.fromkeys(data.getlist("field")))
    if any(f not in FIELDS for f in fields):
        raise InputInvalidError(f"field must be one of {', '.join(FIELDS)}")
    active = ALL_GROUPS if ctx.group_id is None else ctx.group_id
    start, end = _date(data, "startdateinput"), _date(data, "enddateinput")
    if start and end and start > end:
        raise InputInvalidError("the start date must not be after the end date")
    page = _number(data, "page", 1)
    if page < 1:
        raise InputInvalidError("page must be 1 or more")
    return SearchForm(
        text=data.get("query", "")[:1000],
        datatypes=datatypes,
        fields=fields,
        owned_by=_number(data, "ownedBy", ANYONE),
        search_group=_number(data, "searchGroup", active),
        start=start,
        end=end,
        page=page,
    )


def _number(data: QueryDict, name: str, default: int) -> int:
    value = data.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise InputInvalidError(f"{name} must be a number") from None


def _date(data: QueryDict, name: str) -> date | None:
    value = data.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputInvalidError(f"{name} must be a date such as 2024-05-31") from None
