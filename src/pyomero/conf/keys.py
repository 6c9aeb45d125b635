"""The shape of one configuration key, and of a section of keys (the registry lists them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Key:
    """One ``omero.*`` property.

    ``default`` is the value as OMERO stores it (a string); ``parse`` turns a
    stored string into the typed value or raises ``ValueError`` naming the
    expected form. ``secret`` values are masked in listings, as are values of
    keys ending in ``pass`` or ``password`` (OMERO's rule).
    """

    name: str
    default: str
    parse: Callable[[str], Any]
    help: str
    secret: bool = False
    section: str = "web"

    @property
    def form(self) -> str:
        """The expected form of a value, in words (from the parser)."""
        form = getattr(self.parse, "form", None)
        return form if isinstance(form, str) else "a string"

    @property
    def masked(self) -> bool:
        """Whether listings hide the value (``********``) unless asked to show it."""
        return self.secret or is_password_name(self.name)


@dataclass(frozen=True)
class Section:
    """A group of keys in ``docs/configuration.md``."""

    id: str
    title: str
    intro: str


def is_password_name(name: str) -> bool:
    """OMERO masks keys whose name ends in ``pass`` or ``password``."""
    lowered = name.lower()
    return lowered.endswith("pass") or lowered.endswith("password")
