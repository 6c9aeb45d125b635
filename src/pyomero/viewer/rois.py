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
from collections.abc import Sequence
from typing import Any

from pyomero.imaging.image_data import channel_label
from pyomero.imaging.roi_stats import FIGURES, ShapeStats, image_shape_stats
from pyomero.model.access import access_image
from pyomero.model.actions.roi_edits import ChangedShape, NewShape, RoiEdits
from pyomero.model.context import EventContext
from pyomero.model.models import Channel, Shape
from pyomero.model.permissions import Action, can, details_of
from pyomero.model.queries import visible_shapes
from pyomero.rendering import InvalidParameterError

#: The most shapes the viewer loads for one image.
MAX_SHAPES = 5000
#: Fields sent for each shape besides its ids and permissions.
FIELDS = (
    "kind", "the_z", "the_t", "the_c", "x", "y", "width", "height", "radius_x",
    "radius_y", "x1", "y1", "x2", "y2", "points", "text", "stroke_color", "fill_color",
    "stroke_width", "font_size", "locked",
)  # fmt: skip
#: Fields the front end may set (the transform as OMERO's a00..a12).
EDITABLE = frozenset(FIELDS) - {"locked"} | {"a00", "a10", "a01", "a11", "a02", "a12"}
CSV_COLUMNS = ("roi", "shape", "kind", "z", "t", "channel", *FIGURES, "text")


def image_shapes(ctx: EventContext, image_id: object) -> list[dict[str, Any]]:
    """Every shape of the image ctx may see, with what ctx may do with it."""
    image = access_image(ctx, image_id)
    shapes = (
        visible_shapes(ctx)
        .filter(roi__image_id=image.pk)
        .select_related("group")
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
    return found


def stats_table(
    ctx: EventContext, image_id: object, z: int, t: int, channels: Sequence[int] | None
) -> dict[str, Any]:
    """``{"channels": [{index, label}], "shapes": [{roi, shape, kind, z, t, text,
    stats: [{channel, points, min, max, sum, mean, std_dev}]}]}``."""
    measured = image_shape_stats(ctx, image_id, z=z, t=t, channels=channels)  # checks access
    rows = {c.index: c for c in Channel.objects.filter(pixels__image_id=image_id)}
    indices = sorted(rows) if channels is None else list(channels)
    shapes = {
        s.pk: s
        for s in Shape.objects.filter(pk__in=[m.shape_id for m in measured]).only("kind", "text")
    }
    return {
        "channels": [{"index": c, "label": channel_label(rows.get(c), c)} for c in indices],
        "shapes": [_row(one, shapes[one.shape_id]) for one in measured],
    }


def _row(stats: ShapeStats, shape: Shape) -> dict[str, Any]:
    return {
        "roi": stats.roi_id,
        "shape": stats.shape_id,
        "kind": shape.kind,
        "text": shape.text,
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
    """``{"new": [{"client_id", "fields"}], "changed": [{"client_id", "id", "fields"}],
    "deleted": {"<client id>": shape id}}`` -> the action's edits; a 400 when malformed."""
    try:
        new = [NewShape(str(e["client_id"]), _fields(e["fields"])) for e in body.get("new", [])]
        changed = [
            ChangedShape(str(e["client_id"]), _id(e["id"]), _fields(e["fields"]))
            for e in body.get("changed", [])
        ]
        deleted = {str(k): _id(v) for k, v in dict(body.get("deleted", {})).items()}
    except (KeyError, TypeError, ValueError, AttributeError):
        raise InvalidParameterError("malformed ROI edits", parameter="body") from None
    return RoiEdits(new=new, changed=changed, deleted_shapes=deleted)


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
