"""Every ``omero.*`` key pyomero knows, and the checks ``omero config`` applies to input.

Keys are declared in :mod:`pyomero.conf.catalogue`, grouped by section. Names
in a namespace pyomero owns (``omero.web.``, ``omero.db.``) must be
registered keys, so that a typo is caught when it is set; any other name
(``omero.ldap.*``, ``Ice.*``) is stored as a free string, as OMERO does.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from pyomero.conf.catalogue import KEYS, SECTIONS
from pyomero.conf.errors import ConfigNameError, ConfigValueError, UnknownKeyError
from pyomero.conf.keys import Key, Section, is_password_name

__all__ = [
    "KEYS",
    "REGISTRY",
    "SECTIONS",
    "STRICT_NAMESPACES",
    "check_name",
    "is_masked",
    "parse_value",
    "suggest",
    "validate",
]

REGISTRY: dict[str, Key] = {key.name: key for key in KEYS}
SECTION_IDS: dict[str, Section] = {section.id: section for section in SECTIONS}

STRICT_NAMESPACES: tuple[str, ...] = ("omero.web.", "omero.db.", "omero.tasks.", "omero.import.")

# OMERO's rule for property names (``assert_valid_property_name``).
_LEGAL_NAME = re.compile(r"^[A-Za-z0-9._-]+$")


def suggest(name: str) -> str | None:
    """The registered key closest to a misspelt ``name``, if one is close enough."""
    matches = difflib.get_close_matches(name, REGISTRY, n=1, cutoff=0.75)
    return matches[0] if matches else None


def check_name(name: str) -> None:
    """Refuse an illegal name, or an unknown one in a namespace pyomero owns."""
    if not _LEGAL_NAME.match(name):
        raise ConfigNameError(name)
    if name not in REGISTRY and name.startswith(STRICT_NAMESPACES):
        raise UnknownKeyError(name, suggest(name))


def parse_value(name: str, value: str) -> Any:
    """The typed value of ``value`` for a registered key (free strings pass through)."""
    key = REGISTRY.get(name)
    if key is None:
        return value
    try:
        return key.parse(value)
    except ValueError as exc:
        raise ConfigValueError(name, value, str(exc) or key.form) from None


def validate(name: str, value: str) -> None:
    """Refuse a name or a value ``omero config set`` must not store."""
    check_name(name)
    parse_value(name, value)


def is_masked(name: str) -> bool:
    """Whether listings hide the value of ``name`` (secrets and ``*pass``/``*password``)."""
    key = REGISTRY.get(name)
    return key.masked if key is not None else is_password_name(name)
