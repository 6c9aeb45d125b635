"""Query parameters of the webclient's JSON, parsed once (OMERO's names and defaults)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from pyomero.model.errors import InputInvalidError
from pyomero.webclient.config import webclient_config


def long_or_default(request: HttpRequest, name: str, default: int) -> int:
    value = request.GET.get(name, "")
    if value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise InputInvalidError(f"{name}={value!r} is not a number") from None
    if not -(2**63) <= number < 2**63:
        raise InputInvalidError(f"{name}={value} is out of range")
    return number


#: Pages beyond this one are empty whatever the data (their offset is past 2**40 rows).
MAX_PAGE = 2**30


@dataclass(frozen=True)
class ListParams:
    """``id`` (the parent), ``experimenter_id`` (-1: everyone), ``page`` (1-based), ``limit``."""

    parent_id: int
    experimenter_id: int
    page: int
    limit: int

    @property
    def offset(self) -> int:
        return (max(self.page, 1) - 1) * self.limit

    @classmethod
    def parse(cls, request: HttpRequest) -> ListParams:
        size = webclient_config().page_size
        return cls(
            parent_id=long_or_default(request, "id", -1),
            experimenter_id=long_or_default(request, "experimenter_id", -1),
            page=min(long_or_default(request, "page", 1), MAX_PAGE),
            limit=min(max(long_or_default(request, "limit", size), 1), size),
        )
