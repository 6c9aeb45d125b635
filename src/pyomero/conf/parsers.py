"""Parsers: a stored string in, a typed value out, or ``ParseError`` naming the form.

Each parser is a small frozen dataclass with a ``form`` (the expected form in
words, used in error messages and in ``docs/configuration.md``) and a
``__call__(value: str)``. Booleans follow OMERO's ``parse_boolean`` for what is
true (``true``, ``1``, ``t``) but, unlike OMERO, refuse anything that is
neither true nor false (``false``, ``0``, ``f``) instead of reading it as false.
"""

from __future__ import annotations

import json
import re
import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

TRUE = ("true", "1", "t")
FALSE = ("false", "0", "f")


class ParseError(ValueError):
    """A value that does not have the expected form; ``str()`` is the form."""

    def __init__(self, form: str, detail: str = "") -> None:
        super().__init__(f"{form} ({detail})" if detail else form)
        self.form = form
        self.detail = detail


@dataclass(frozen=True)
class Text:
    """Any string (OMERO's ``str``); optionally refuses the empty string."""

    non_empty: bool = False

    @property
    def form(self) -> str:
        return "a non-empty string" if self.non_empty else "a string"

    def __call__(self, value: str) -> str:
        if self.non_empty and not value.strip():
            raise ParseError(self.form)
        return value


@dataclass(frozen=True)
class Boolean:
    form: str = "a boolean: true or false (t/f and 1/0 also accepted)"

    def __call__(self, value: str) -> bool:
        word = value.strip().lower()
        if word in TRUE:
            return True
        if word in FALSE:
            return False
        raise ParseError(self.form)


@dataclass(frozen=True)
class Integer:
    minimum: int | None = None
    maximum: int | None = None

    @property
    def form(self) -> str:
        if self.minimum is not None and self.maximum is not None:
            return f"an integer from {self.minimum} to {self.maximum}"
        if self.minimum == 0:
            return "a whole number (0 or more)"
        if self.minimum is not None:
            return f"an integer of at least {self.minimum}"
        return "an integer"

    def __call__(self, value: str) -> int:
        try:
            number = int(value.strip(), 10)
        except ValueError:
            raise ParseError(self.form) from None
        if self.minimum is not None and number < self.minimum:
            raise ParseError(self.form)
        if self.maximum is not None and number > self.maximum:
            raise ParseError(self.form)
        return number


def port() -> Integer:
    """A TCP port number."""
    return Integer(1, 65535)


@dataclass(frozen=True)
class Choice:
    """One of a fixed set of words; with ``ignore_case`` the canonical spelling is returned."""

    choices: tuple[str, ...]
    ignore_case: bool = False

    @property
    def form(self) -> str:
        return "one of " + ", ".join(self.choices)

    def __call__(self, value: str) -> str:
        word = value.strip()
        for choice in self.choices:
            if word == choice or (self.ignore_case and word.lower() == choice.lower()):
                return choice
        raise ParseError(self.form)


def _load_json(value: str, form: str) -> Any:
    try:
        return json.loads(value)
    except json.JSONDecodeError as exc:
        raise ParseError(form, f"invalid JSON: {exc.msg} at column {exc.colno}") from None


def _anything(item: Any) -> bool:
    return True


@dataclass(frozen=True)
class JsonList:
    """A JSON array whose items all pass ``item`` (a predicate)."""

    form: str = "a JSON list, such as []"
    item: Callable[[Any], bool] = field(default=_anything, compare=False)
    lengths: tuple[int, ...] = ()

    def __call__(self, value: str) -> list[Any]:
        data = _load_json(value, self.form)
        if not isinstance(data, list):
            raise ParseError(self.form, f"got a JSON {_json_kind(data)}")
        if self.lengths and len(data) not in self.lengths:
            raise ParseError(self.form)
        for item in data:
            if not self.item(item):
                raise ParseError(self.form, f"unexpected item {json.dumps(item)}")
        return data


@dataclass(frozen=True)
class JsonObject:
    """A JSON object, optionally with required keys."""

    form: str = "a JSON object, such as {}"
    required: tuple[str, ...] = ()

    def __call__(self, value: str) -> dict[str, Any]:
        data = _load_json(value, self.form)
        if not isinstance(data, dict):
            raise ParseError(self.form, f"got a JSON {_json_kind(data)}")
        missing = [name for name in self.required if name not in data]
        if missing:
            raise ParseError(self.form, "missing " + ", ".join(missing))
        return data


def _json_kind(data: Any) -> str:
    kinds: Sequence[tuple[type | tuple[type, ...], str]] = (
        (bool, "boolean"),
        ((int, float), "number"),
        (str, "string"),
        (list, "list"),
        (dict, "object"),
    )
    for kinds_type, name in kinds:
        if isinstance(data, kinds_type):
            return name
    return "null"


def is_string(item: Any) -> bool:
    return isinstance(item, str)


def is_object(item: Any) -> bool:
    return isinstance(item, dict)


def is_list(item: Any) -> bool:
    return isinstance(item, list)


def is_string_pair(item: Any) -> bool:
    return isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item)


def is_setting_pair(item: Any) -> bool:
    return isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)


def is_middleware(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and isinstance(item.get("class"), str)
        and isinstance(item.get("index"), int | float)
        and not isinstance(item.get("index"), bool)
    )


def is_origin(item: Any) -> bool:
    """``scheme://host[:port]``, as Django 4+ wants in CSRF_TRUSTED_ORIGINS."""
    if not isinstance(item, str):
        return False
    parts = urlsplit(item)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def is_network(item: Any) -> bool:
    """An IP address or network: ``10.0.0.0/8``, ``127.0.0.1``, ``::1``."""
    import ipaddress

    if not isinstance(item, str):
        return False
    try:
        ipaddress.ip_network(item, strict=False)
    except ValueError:
        return False
    return True


def string_list(example: str = '["a", "b"]') -> JsonList:
    return JsonList(f"a JSON list of strings, such as {example}", is_string)


@dataclass(frozen=True)
class Origin:
    """``scheme://host[:port]`` with no path (a trailing slash is dropped); empty for none."""

    form: str = "an origin such as https://omero.example.org (no path), or empty"

    def __call__(self, value: str) -> str:
        origin = value.strip().rstrip("/")
        if not origin:
            return ""
        parts = urlsplit(origin)
        if not is_origin(origin) or parts.path or parts.query or parts.fragment:
            raise ParseError(self.form)
        if any(c.isspace() for c in origin) or "@" in parts.netloc:
            raise ParseError(self.form)
        return origin


@dataclass(frozen=True)
class UrlPrefix:
    """A URL path prefix such as ``/omero`` (a trailing slash is dropped); empty for none."""

    form: str = "a URL path starting with a slash, such as /omero, or empty"

    def __call__(self, value: str) -> str:
        prefix = value.strip()
        if not prefix:
            return ""
        if not prefix.startswith("/") or any(c.isspace() for c in prefix):
            raise ParseError(self.form)
        return prefix.rstrip("/")


@dataclass(frozen=True)
class SlashUrl:
    """A URL or path that ends in a slash (Django's STATIC_URL rule)."""

    optional: bool = False

    @property
    def form(self) -> str:
        form = "a URL or path ending in a slash, such as /static/ or https://cdn.example.org/s/"
        return form + ", or empty" if self.optional else form

    def __call__(self, value: str) -> str:
        url = value.strip()
        if not url and self.optional:
            return ""
        if not url.endswith("/") or any(c.isspace() for c in url):
            raise ParseError(self.form)
        return url


@dataclass(frozen=True)
class Regex:
    form: str = "a regular expression (Python syntax)"

    def __call__(self, value: str) -> re.Pattern[str]:
        try:
            return re.compile(value)
        except re.error as exc:
            raise ParseError(self.form, str(exc)) from None


_ZONE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$")


@dataclass(frozen=True)
class TimeZone:
    form: str = "a time zone name from the tz database, such as Europe/London or UTC"

    def __call__(self, value: str) -> str:
        name = value.strip()
        try:
            zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            # Without any tz database (a bare container), trust a plausible name.
            if zoneinfo.available_timezones() or not _ZONE_NAME.match(name):
                raise ParseError(self.form) from None
        return name


_ACCESS = re.compile(r"^[+-]?(read|write|image|plate)$")


@dataclass(frozen=True)
class BinaryAccess:
    """OMERO's ``omero.policy.binary_access``: comma-separated ``+``/``-`` flags."""

    form: str = "comma-separated flags among +read, +write, +image, +plate (or - to deny)"

    def __call__(self, value: str) -> tuple[str, ...]:
        flags = tuple(part.strip() for part in value.split(",") if part.strip())
        if not all(_ACCESS.match(flag) for flag in flags):
            raise ParseError(self.form)
        return flags


_READER_NAME = re.compile(r"^-?[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class ReaderOrder:
    """``omero.import.readers``: reader names separated by commas, ``-name`` disables."""

    form: str = "reader names separated by commas, such as bioformats,ome-tiff or -zeiss-czi"

    def __call__(self, value: str) -> tuple[str, ...]:
        names = tuple(part.strip() for part in value.split(",") if part.strip())
        if not all(_READER_NAME.match(name) for name in names):
            raise ParseError(self.form)
        return names


@dataclass(frozen=True)
class JvmHeap:
    """A JVM heap size as ``-Xmx`` takes it: a number and k, m or g."""

    form: str = "a heap size such as 512m or 2g"

    def __call__(self, value: str) -> str:
        size = value.strip()
        if not re.match(r"^[1-9][0-9]*[kmgKMG]$", size):
            raise ParseError(self.form)
        return size
