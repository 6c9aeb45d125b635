"""The viewer's ROIs: the shapes of an image as the front end draws them, the ROI
table (per-channel statistics of every shape, computed on the server) as JSON rows
and as CSV, and the front end's edits parsed for
:func:`~pyomero.model.actions.do_save_roi_edits`.

Shape fields keep the model's names (``the_z``, ``radius_x``, ``stroke_color`` as
OMERO's signed RGBA integer...), so that what the front end sends back is what the
action takes.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pyomero.imaging.image_data import channel_label
from pyomero.imaging.roi_stats import (
    FIGURES,
    DraftShape,
    ShapeStats,
    draft_stats,
    image_shape_stats,
)
from pyomero.imaging.shape_masks import Geometry
from pyomero.model.access import access_image
from pyomero.model.actions.roi_edits import ChangedShape, NewShape, RoiEdits
from pyomero.model.context import EventContext
from pyomero.model.models import Channel, Experimenter, Shape, ShapeKind
from pyomero.model.permissions import Action, can, details_of
from pyomero.model.queries import visible_shapes
from pyomero.rendering import InvalidParameterError

#: The most shapes the viewer loads for one image.
MAX_SHAPES = 5000
#: Fields sent for each shape besides its ids and permissions.
FIELDS = (
    "kind", "the_z", "the_t", "the_c", "x", "y", "width", "height", "radius_x",
    "radius_y", "x1", "y1", "x2", "y2", "points", "text", "stroke_color", "fill_color",
    "stroke_width", "font_size", "marker_start", "marker_end", "locked",
)  # fmt: skip
#: Fields the front end may set (the transform as OMERO's a00..a12).
EDITABLE = frozenset(FIELDS) - {"locked"} | {"a00", "a10", "a01", "a11", "a02", "a12"}
CSV_COLUMNS = ("roi", "shape", "kind", "z", "t", "channel", *FIGURES, "text")
#: Coordinates of a shape not saved yet, as numbers.
GEOMETRY = ("x", "y", "width", "height", "radius_x", "radius_y", "x1", "y1", "x2", "y2")
TRANSFORM = ("a00", "a10", "a01", "a11", "a02", "a12")


def image_shapes(ctx: EventContext, image_id: object) -> list[dict[str, Any]]:
    """Every shape of the image ctx may see, with what ctx may do with it."""
    image = access_image(ctx, image_id)
    shapes = (
        visible_shapes(ctx)
        .filter(roi__image_id=image.pk)
        .select_related("group", "owner")
        .order_by("roi_id", "id")
    )
    return [encode_shape(ctx, shape) for shape in shapes[:MAX_SHAPES]]


def encode_shape(ctx: EventContext, shape: Shape) -> dict[str, Any]:
    details = details_of(shape)
    found: dict[str, Any] = {"id": shape.pk, "roi": shape.roi_id}  # type: ignore[attr-defined]
    found.update((name, getattr(shape, name)) for name in FIELDS)
    found["transform"] = shape.transform
    found["can_edit"] = can(ctx, Action.EDIT, details)
    found["can_delete"] = can(ctx, Action.DELETE, details)
    found["owner"] = {"id": shape.owner_id, "name": full_name(shape.owner)}  # type: ignore[attr-defined]
    return found


def full_name(user: Experimenter) -> str:
    return f"{user.first_name} {user.last_name}".strip() or user.ome_name


def stats_table(
    ctx: EventContext,
    image_id: object,
    z: int,
    t: int,
    channels: Sequence[int] | None,
    drafts: Sequence[Draft] = (),
) -> dict[str, Any]:
    """``{"channels": [{index, label}], "shapes": [{roi, shape, kind, z, t, text,
    stats: [{channel, points, min, max, sum, mean, std_dev}]}]}``; ``drafts`` (shapes
    not saved yet, or saved ones moved since) follow with their ``client_id``, in place
    of the saved shape they change."""
    measured = image_shape_stats(ctx, image_id, z=z, t=t, channels=channels)  # checks access
    rows = {c.index: c for c in Channel.objects.filter(pixels__image_id=image_id)}
    indices = sorted(rows) if channels is None else list(channels)
    replaced = {draft.shape_id for draft in drafts if draft.shape_id}
    measured = [one for one in measured if one.shape_id not in replaced]
    shapes = {
        s.pk: s
        for s in Shape.objects.filter(pk__in=[m.shape_id for m in measured]).only("kind", "text")
    }
    found = [_row(one, shapes[one.shape_id].kind, shapes[one.shape_id].text) for one in measured]
    by_key = {draft.shape.key: draft for draft in drafts}
    for key, stats in draft_stats(
        ctx, image_id, [d.shape for d in drafts], z=z, t=t, channels=channels
    ):
        draft = by_key[key]
        row = _row(stats, draft.shape.geometry.kind, draft.text)
        row.update(client_id=key, roi=draft.roi_id, shape=draft.shape_id)
        found.append(row)
    return {
        "channels": [{"index": c, "label": channel_label(rows.get(c), c)} for c in indices],
        "shapes": found,
    }


@dataclass(frozen=True)
class Draft:
    """A shape of the viewer's unsaved edits, to measure."""

    shape: DraftShape
    text: str = ""
    shape_id: int | None = None
    roi_id: int | None = None


def parse_drafts(body: dict[str, Any]) -> list[Draft]:
    """``{"shapes": [{"client_id", "id"?, "roi"?, "fields": {kind, the_z, x, ...}}]}``:
    the viewer's unsaved shapes; a 400 when malformed."""
    try:
        return [_draft(entry) for entry in body.get("shapes", [])]
    except (KeyError, TypeError, ValueError, AttributeError):
        raise InvalidParameterError("malformed shapes", parameter="shapes") from None


def _draft(entry: dict[str, Any]) -> Draft:
    fields = _fields(entry["fields"])
    if fields.get("kind") not in ShapeKind.values:
        raise ValueError(fields.get("kind"))
    numbers = {name: _number(fields.get(name)) for name in GEOMETRY}
    transform = [_number(fields.get(name)) for name in TRANSFORM]
    plane = {name: _plane(fields.get(name)) for name in ("the_z", "the_t")}
    points, text = fields.get("points") or "", fields.get("text") or ""
    if not isinstance(points, str) or not isinstance(text, str):
        raise TypeError(points)
    geometry = Geometry(
        kind=fields["kind"],
        points=points,
        transform=None if None in transform else tuple(transform),  # type: ignore[arg-type]
        **numbers,  # type: ignore[arg-type]
    )
    saved = entry.get("id")
    roi = entry.get("roi")
    return Draft(
        shape=DraftShape(str(entry["client_id"]), geometry, **plane),
        text=text,
        shape_id=None if saved is None else _id(saved),
        roi_id=None if roi is None else _id(roi),
    )


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(value)
    return float(value)


def _plane(value: Any) -> int | None:
    if value is None:
        return None
    if _id(value) < 0:
        raise ValueError(value)
    return int(value)


def _row(stats: ShapeStats, kind: str, text: str) -> dict[str, Any]:
    return {
        "roi": stats.roi_id,
        "shape": stats.shape_id,
        "kind": kind,
        "text": text,
        "z": stats.z,
        "t": stats.t,
        "stats": [{"channel": c.channel, **c.figures()} for c in stats.channels],
    }


def stats_csv(table: dict[str, Any]) -> str:
    """The ROI table as CSV: one line per shape and channel, planes counted from 1."""
    labels = {c["index"]: c["label"] for c in table["channels"]}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in table["shapes"]:
        for stats in row["stats"]:
            writer.writerow(
                [row["roi"], row["shape"], row["kind"], row["z"] + 1, row["t"] + 1]
                + [labels.get(stats["channel"], stats["channel"])]
                + [stats[name] for name in FIGURES]
                + [row["text"]]
            )
    return out.getvalue()


def parse_edits(body: dict[str, Any]) -> RoiEdits:
    """``{"new": [{"client_id", "fields", "roi"?, "roi_group"?}], "changed":
    [{"client_id", "id", "fields"}], "deleted": {"<client id>": shape id}}`` -> the
    action's edits; a 400 when malformed."""
    try:
        new = [_new_shape(entry) for entry in body.get("new", [])]
        changed = [
            ChangedShape(str(e["client_id"]), _id(e["id"]), _fields(e["fields"]))
            for e in body.get("changed", [])
        ]
        deleted = {str(k): _id(v) for k, v in dict(body.get("deleted", {})).items()}
    except (KeyError, TypeError, ValueError, AttributeError):
        raise InvalidParameterError("malformed ROI edits", parameter="body") from None
    return RoiEdits(new=new, changed=changed, deleted_shapes=deleted)


def _new_shape(entry: dict[str, Any]) -> NewShape:
    """``{"client_id", "fields", "roi"?: saved ROI id, "roi_group"?: client key}``."""
    roi, group = entry.get("roi"), entry.get("roi_group", "")
    if not isinstance(group, str):
        raise TypeError(group)
    fields = _fields(entry["fields"])
    return NewShape(str(entry["client_id"]), fields, None if roi is None else _id(roi), group)


def _id(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(value)
    return value


def _fields(fields: Any) -> dict[str, Any]:
    """Fields the viewer may set; the action checks their values."""
    if not isinstance(fields, dict):
        raise TypeError(fields)
    for name in fields:
        if name not in EDITABLE:
            raise InvalidParameterError(f"unknown shape field {name!r}", parameter=name)
    return dict(fields)
