"""The objects an action or a batch panel is about: OMERO.web's ``image=1,2&dataset=3``.

Each type is a parameter holding ids, repeated or comma-separated; every object is
fetched through ``model.access`` (404 when one is missing or hidden, 403 when ctx
sees it but may not do the action), so nothing is written unless all are allowed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from pyomero.model.context import EventContext
from pyomero.model.errors import InputInvalidError
from pyomero.model.permissions import Action
from pyomero.webclient.objects import ACCESS, access_by_type

#: At most this many objects per request (a page of thumbnails is 200 by default).
MAX_TARGETS = 1000


@dataclass(frozen=True)
class Targets:
    """``(c_type, id)`` pairs in the order given, without repeats."""

    keys: tuple[tuple[str, int], ...]

    @classmethod
    def parse(cls, data: QueryDict | Mapping[str, Any]) -> Targets:
        keys: list[tuple[str, int]] = []
        for c_type in ACCESS:
            values = data.getlist(c_type) if isinstance(data, QueryDict) else data.get(c_type, [])
            for value in [values] if isinstance(values, str | int) else values:
                for part in str(value).split(","):
                    if not part.strip():
                        continue
                    if not part.strip().isdigit():
                        raise InputInvalidError(f"{c_type}={part!r} is not an id")
                    key = (c_type, int(part))
                    if key not in keys:
                        keys.append(key)
        if not keys:
            raise InputInvalidError("no objects chosen: give image=, dataset=, project=...")
        if len(keys) > MAX_TARGETS:
            raise InputInvalidError(f"at most {MAX_TARGETS} objects at a time")
        return cls(tuple(keys))

    def fetch(self, ctx: EventContext, action: Action = Action.VIEW) -> list[Any]:
        return [access_by_type(ctx, c_type, c_id, action) for c_type, c_id in self.keys]

    def by_type(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for c_type, c_id in self.keys:
            found.setdefault(c_type, []).append(c_id)
        return found

    def query(self) -> str:
        """The targets as a query string (``image=1,2&dataset=3``)."""
        return "&".join(f"{t}={','.join(map(str, ids))}" for t, ids in self.by_type().items())
