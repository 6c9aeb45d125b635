"""What the model stores, and the JSON it reads: refused alike on SQLite and PostgreSQL.

One policy for every value that comes in, whichever interface brought it:

* JSON bodies are read by :func:`loads`: standard JSON only (no ``NaN``,
  ``Infinity``, nor a number that overflows to infinity such as ``1e999``), nested
  at most :data:`MAX_DEPTH` deep.
* Every row the model saves passes :func:`check_instance` (a ``pre_save`` receiver
  for the model's tables; bulk writes call it themselves): text without NUL
  characters or lone surrogates (PostgreSQL refuses the first, no encoding has the
  second) and no longer than its column; integers within the column's range (the
  ranges of PostgreSQL, which SQLite would store beyond); finite numbers; JSON
  columns holding standard JSON.

A refused value raises :class:`~pyomero.model.errors.InputInvalidError` (400)
inside the action's transaction, so nothing of the action is written.

And the JSON that goes out is standard too: the views answer through
:class:`StandardJSONEncoder`, which writes a non-finite number (one stored before these
checks, or computed) as ``null`` rather than the ``NaN`` that breaks ``JSON.parse``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models.signals import pre_save
from django.dispatch import receiver

from pyomero.model.errors import InputInvalidError

MAX_DEPTH = 64
INT_RANGES = BaseDatabaseOperations.integer_field_ranges


class StandardJSONEncoder(DjangoJSONEncoder):
    """Django's JSON encoder, writing standard JSON only: non-finite numbers as null."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["allow_nan"] = False
        super().__init__(*args, **kwargs)

    def encode(self, o: Any) -> str:
        try:
            return super().encode(o)
        except ValueError:  # a NaN or an infinity somewhere: the rare, slower path
            return super().encode(_finite(o))


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value


def loads(data: bytes | str, what: str = "the body") -> Any:
    """``data`` as standard JSON, or :class:`InputInvalidError` saying why not."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        value = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except RecursionError:
        raise InputInvalidError(f"{what} is nested too deeply") from None
    except UnicodeDecodeError:
        raise InputInvalidError(f"{what} is not UTF-8") from None
    except ValueError as exc:
        raise InputInvalidError(f"{what} is not valid JSON: {exc}") from None
    if _depth(value) > MAX_DEPTH:
        raise InputInvalidError(f"{what} is nested more than {MAX_DEPTH} levels deep")
    return value


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text} is beyond the range of a number")
    return number


def _depth(value: Any) -> int:
    depth, level = 0, [value]
    while level:
        depth += 1
        nested: list[Any] = []
        for item in level:
            if isinstance(item, dict):
                nested.extend(item.values())
            elif isinstance(item, list):
                nested.extend(item)
        level = [item for item in nested if isinstance(item, dict | list)]
    return depth


def check_number(value: Any, what: str = "a number") -> float:
    """``value`` as a finite float, or :class:`InputInvalidError`."""
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise InputInvalidError(f"{what} must be a number") from None
    if not math.isfinite(number):
        raise InputInvalidError(f"{what} must be a finite number, not {value!r}")
    return number


def check_text(value: str, what: str = "text") -> str:
    if "\x00" in value:
        raise InputInvalidError(f"{what} must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InputInvalidError(f"{what} must not contain lone surrogates") from None
    return value


def check_json(value: Any, what: str) -> None:
    """A JSON column's value: finite numbers, text without NUL or surrogates."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            raise InputInvalidError(f"{what} must hold finite numbers only")
        if isinstance(item, str):
            check_text(item, what)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


def check_instance(instance: models.Model, fields: Iterable[str] | None = None) -> None:
    """Refuse a row the database would refuse, or store differently by backend."""
    wanted = set(fields) if fields is not None else None
    for field in instance._meta.concrete_fields:
        if wanted is not None and field.name not in wanted and field.attname not in wanted:
            continue
        value = getattr(instance, field.attname)
        if value is None:
            continue
        what = f"{instance._meta.verbose_name} {field.verbose_name}"
        if isinstance(field, models.JSONField):
            check_json(value, what)
        elif isinstance(value, str):
            check_text(value, what)
            if field.max_length is not None and len(value) > field.max_length:
                raise InputInvalidError(f"{what} must be at most {field.max_length} characters")
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int):
            low, high = INT_RANGES.get(field.get_internal_type(), INT_RANGES["BigIntegerField"])
            if not low <= value <= high:
                raise InputInvalidError(f"{what} is out of range: {value}")
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise InputInvalidError(f"{what} must be a finite number, not {value}")
        elif isinstance(value, datetime | date) and not 1 <= value.year <= 9999:
            raise InputInvalidError(f"{what} is out of range: {value}")


@receiver(pre_save, dispatch_uid="pyomero.model.values.check")
def _check_before_saving(
    sender: type[models.Model], instance: models.Model, update_fields: Any = None, **_: Any
) -> None:
    if sender._meta.app_label == "model":
        check_instance(instance, update_fields)
