"""Checks a JSON value against the TypedDicts of ``pyomero.api.schema``.

``mismatches(value, Shape)`` lists the keys a response carries that the shape does
not declare, and the scalar values of the wrong type: what a client generated
from the schema would trip on.
"""

from __future__ import annotations

from typing import Any, get_args, get_origin, get_type_hints, is_typeddict

SCALARS: dict[Any, tuple[type, ...]] = {
    int: (int,),
    float: (int, float),
    str: (str,),
    bool: (bool,),
}


def mismatches(value: Any, shape: Any, path: str = "") -> list[str]:
    if is_typeddict(get_origin(shape) or shape):
        return _object(value, shape, path)
    if get_origin(shape) is list:
        if not isinstance(value, list):
            return [f"{path}: expected a list"]
        (item,) = get_args(shape)
        return [m for v in value for m in mismatches(v, item, f"{path}[]")]
    if shape in SCALARS:
        wrong = not isinstance(value, SCALARS[shape]) or (
            shape is not bool and isinstance(value, bool)
        )
        return [f"{path}: {value!r} is not {shape.__name__}"] if wrong else []
    return []


def _object(value: Any, shape: Any, path: str) -> list[str]:
    if not isinstance(value, dict):
        return [f"{path}: expected an object"]
    origin = get_origin(shape) or shape
    hints = get_type_hints(origin)
    params = getattr(origin, "__parameters__", ())
    bound = dict(zip(params, get_args(shape), strict=False))
    found = []
    for key, item in value.items():
        if key not in hints:
            found.append(f"{path}.{key}: not declared in {origin.__name__}")
            continue
        declared = hints[key]
        declared = _bind(declared, bound)
        found += mismatches(item, declared, f"{path}.{key}")
    return found


def _bind(declared: Any, bound: dict[Any, Any]) -> Any:
    if declared in bound:
        return bound[declared]
    args = get_args(declared)
    if get_origin(declared) is list and args and args[0] in bound:
        return list[bound[args[0]]]
    return declared


def shape_of(name: str) -> Any:
    """The declared answer of the endpoint called ``name``."""
    from pyomero.api.endpoints import ENDPOINTS

    return next(e.response for e in ENDPOINTS if e.name == name)
