"""OMERO.iviewer's ``persist_rois`` body to :class:`~pyomero.model.actions.RoiEdits`.

Shapes come as OMERO's JSON (the 2016-06 schema, as the JSON API writes them):
``@type`` ends with the kind, coordinates are ``X``, ``Y``, ``Width``, ``RadiusX``,
``X1``, ``Points``..., lengths are unit objects. The client's own keys (``oldId``,
``Area``, ``Length``, ``omero:details``) are not stored.
"""

from __future__ import annotations

from typing import Any

from pyomero.model.actions import RoiEdits
from pyomero.model.actions.roi_edits import ChangedShape, NewShape
from pyomero.model.errors import InputInvalidError
from pyomero.model.models import ShapeKind

NUMBERS = {
    "X": "x",
    "Y": "y",
    "Width": "width",
    "Height": "height",
    "RadiusX": "radius_x",
    "RadiusY": "radius_y",
    "X1": "x1",
    "Y1": "y1",
    "X2": "x2",
    "Y2": "y2",
}
INDICES = {"TheZ": "the_z", "TheT": "the_t", "TheC": "the_c"}
COLOURS = {"FillColor": "fill_color", "StrokeColor": "stroke_color"}
TEXTS = {
    "Text": "text",
    "FontFamily": "font_family",
    "FontStyle": "font_style",
    "Points": "points",
    "MarkerStart": "marker_start",
    "MarkerEnd": "marker_end",
}
TRANSFORM = ("A00", "A10", "A01", "A11", "A02", "A12")


def _number(value: Any, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputInvalidError(f"{key} must be a number")
    return float(value)


def _length(value: Any, key: str) -> tuple[float, str]:
    if isinstance(value, dict):
        return _number(value.get("Value"), key), str(value.get("Unit") or "PIXEL")
    return _number(value, key), "PIXEL"


def kind_of(shape: dict[str, Any]) -> str:
    kind = str(shape.get("@type", "")).rpartition("#")[2]
    if kind not in ShapeKind.values:
        raise InputInvalidError(f"unknown shape type {shape.get('@type')!r}")
    return kind


def shape_fields(shape: dict[str, Any]) -> dict[str, Any]:
    """Shape fields of the model from one shape's JSON."""
    if not isinstance(shape, dict):
        raise InputInvalidError("a shape must be a JSON object")
    fields: dict[str, Any] = {"kind": kind_of(shape)}
    for key, name in NUMBERS.items():
        if shape.get(key) is not None:
            fields[name] = _number(shape[key], key)
    for key, name in INDICES.items():
        value = shape.get(key)
        if value is None or (isinstance(value, int) and value < 0):
            fields[name] = None  # -1 is iviewer's "every plane"
        else:
            fields[name] = int(_number(value, key))
    for key, name in COLOURS.items():
        if shape.get(key) is not None:
            fields[name] = int(_number(shape[key], key))
    for key, name in TEXTS.items():
        if shape.get(key) is not None:
            fields[name] = str(shape[key])
    if shape.get("StrokeWidth") is not None:
        fields["stroke_width"], fields["stroke_width_unit"] = _length(
            shape["StrokeWidth"], "StrokeWidth"
        )
    if shape.get("FontSize") is not None:
        fields["font_size"] = _length(shape["FontSize"], "FontSize")[0]
    if shape.get("Locked") is not None:
        fields["locked"] = bool(shape["Locked"])
    transform = shape.get("Transform")
    if isinstance(transform, dict):
        for key in TRANSFORM:
            fields[key.lower()] = _number(transform.get(key), key)
    return fields


def _client_id(shape: dict[str, Any]) -> str:
    old = shape.get("oldId")
    if not isinstance(old, str) or ":" not in old:
        raise InputInvalidError("each shape needs its oldId ('<roi>:<shape>')")
    return old


def _shape_id(client_id: str) -> int:
    _, _, shape = client_id.partition(":")
    if not shape.isdigit():
        raise InputInvalidError(f"{client_id!r} names no saved shape")
    return int(shape)


def _roi_id(value: str) -> int:
    if not str(value).isdigit():
        raise InputInvalidError(f"{value!r} names no saved ROI")
    return int(value)


def roi_edits(rois: Any) -> RoiEdits:
    """The ``rois`` object of the body: ``new``, ``modified``, ``deleted``, ``empty_rois``."""
    if not isinstance(rois, dict):
        raise InputInvalidError("Could not find rois object!")
    new = [NewShape(_client_id(s), shape_fields(s)) for s in _list(rois, "new")]
    changed = []
    for shape in _list(rois, "modified"):
        client = _client_id(shape)
        changed.append(ChangedShape(client, _shape_id(client), shape_fields(shape)))
    deleted: dict[str, int] = {}
    for roi, clients in _mapping(rois, "deleted").items():
        _roi_id(roi)
        for client in clients:
            deleted[str(client)] = _shape_id(str(client))
    empty = {
        _roi_id(roi): [str(c) for c in clients]
        for roi, clients in _mapping(rois, "empty_rois").items()
    }
    return RoiEdits(new=new, changed=changed, deleted_shapes=deleted, deleted_rois=empty)


def _list(rois: dict[str, Any], key: str) -> list[Any]:
    value = rois.get(key) or []
    if not isinstance(value, list):
        raise InputInvalidError(f"rois.{key} must be a list")
    return value


def _mapping(rois: dict[str, Any], key: str) -> dict[str, list[Any]]:
    value = rois.get(key) or {}
    if not isinstance(value, dict) or not all(isinstance(v, list) for v in value.values()):
        raise InputInvalidError(f"rois.{key} must map ROI ids to lists of shape ids")
    return value
