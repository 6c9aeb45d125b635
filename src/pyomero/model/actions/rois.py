"""Writes of regions of interest and their shapes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from pyomero.model.access import check
from pyomero.model.actions._base import new
from pyomero.model.context import EventContext
from pyomero.model.errors import InputInvalidError
from pyomero.model.models import Image, Roi, Shape, ShapeKind
from pyomero.model.permissions import Action

SHAPE_FIELDS = frozenset(
    f.name for f in Shape._meta.concrete_fields if f.name not in {"id", "roi", "owner", "group"}
) - {"created", "updated"}


def do_save_roi(
    ctx: EventContext,
    image: Image,
    shapes: Iterable[dict[str, Any]],
    *,
    name: str = "",
    description: str = "",
) -> Roi:
    """A new ROI on ``image`` with ``shapes`` (dicts of Shape fields, ``kind`` required).

    Saving a ROI on someone else's image needs the annotate permission.
    """
    specs = [dict(spec) for spec in shapes]
    for spec in specs:
        unknown = set(spec) - SHAPE_FIELDS
        if unknown:
            raise InputInvalidError(f"unknown shape field(s): {', '.join(sorted(unknown))}")
        if spec.get("kind") not in ShapeKind.values:
            raise InputInvalidError(f"unknown shape kind {spec.get('kind')!r}")
    with transaction.atomic():
        check(ctx, Action.ANNOTATE, image)
        roi = new(
            Roi, ctx, group_id=image.group_id, image=image, name=name, description=description
        )
        for spec in specs:
            new(Shape, ctx, group_id=image.group_id, roi=roi, **spec)
    return roi
