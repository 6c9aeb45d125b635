"""Saved figures: OMERO.figure's JSON kept as a FileAnnotation of its namespace.

As OMERO.figure does, the annotation's description is a small JSON object with the
figure's name and first image (so a list needs no file reads), the file's name is the
figure's name, and its content the figure JSON, pretty-printed. A new figure goes into
the group of its first image when the user is a member there, else the current group.
Reading, listing, editing and deleting follow the policy of any file annotation.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from pyomero.model.access import access_annotation
from pyomero.model.actions import do_delete
from pyomero.model.actions.files import stored_bytes
from pyomero.model.actions.stored_files import (
    do_move_file_annotation,
    do_replace_file_content,
    do_store_file_annotation,
)
from pyomero.model.context import EventContext
from pyomero.model.errors import ObjectNotFoundError
from pyomero.model.models import Annotation, AnnotationKind
from pyomero.model.permissions import Action, permissions_of
from pyomero.model.queries import visible_annotations, visible_groups, visible_images
from pyomero.rendering.figure import parse_figure

#: OMERO.figure's namespace of saved figures.
FIGURE_NS = "omero.web.figure.json"


def _image_ids(figure: dict[str, Any]) -> list[int]:
    found: list[int] = []
    for panel in figure.get("panels", []):
        value = panel.get("imageId") if isinstance(panel, dict) else None
        numeric = isinstance(value, int) or (isinstance(value, str) and value.isdigit())
        if numeric and int(value) not in found:  # type: ignore[arg-type]
            found.append(int(value))  # type: ignore[arg-type]
    return found


def _name(figure: dict[str, Any]) -> str:
    name = figure.get("figureName")
    if isinstance(name, str) and name.strip():
        return name.strip()
    return datetime.now().strftime("Figure_%Y-%m-%d_%H-%M-%S.json")


def _description(figure: dict[str, Any], name: str, image_ids: list[int]) -> str:
    if not image_ids:
        return "{}"
    described: dict[str, Any] = {"name": name, "imageId": image_ids[0]}
    panels = figure.get("panels", [])
    base = panels[-1].get("baseUrl") if panels and isinstance(panels[-1], dict) else None
    if base:
        described["baseUrl"] = base
    return json.dumps(described)


def _group_of_first_image(ctx: EventContext, image_ids: list[int]) -> int | None:
    if not image_ids:
        return None
    group_id = visible_images(ctx).filter(pk=image_ids[0]).values_list("group_id", flat=True)
    found = group_id.first()
    return found if found is not None and found in ctx.data_groups else None


def save_figure(ctx: EventContext, figure_json: str, file_id: str | None) -> int:
    """Save a new figure, or a new version of ``file_id``; the annotation's id."""
    figure = parse_figure(figure_json)
    name = _name(figure)
    image_ids = _image_ids(figure)
    content = json.dumps(figure, sort_keys=True, indent=2, separators=(",", ": ")).encode()
    description = _description(figure, name, image_ids)
    if file_id:
        annotation = _figure(ctx, file_id, Action.EDIT)
        do_replace_file_content(ctx, annotation, name, content, description=description)
        return annotation.pk
    group_id = _group_of_first_image(ctx, image_ids)
    acting = ctx.in_group(group_id) if group_id is not None else ctx
    annotation = do_store_file_annotation(
        acting,
        name,
        content,
        ns=FIGURE_NS,
        description=description,
        mimetype="application/json",
    )
    return annotation.pk


def _figure(ctx: EventContext, file_id: object, action: Action = Action.VIEW) -> Annotation:
    annotation = access_annotation(ctx, file_id, action)
    if annotation.kind != AnnotationKind.FILE or annotation.ns != FIGURE_NS:
        raise ObjectNotFoundError(f"Figure File-Annotation {file_id} not found")
    return annotation


def load_figure(ctx: EventContext, file_id: object) -> dict[str, Any] | str:
    """The saved figure with ``canEdit``, ``group`` and ``figureName`` added (the raw
    text when the file does not hold a JSON object)."""
    annotation = _figure(ctx, file_id)
    where = stored_bytes(annotation.file) if annotation.file else None
    content = where.read_bytes() if where is not None else None
    if content is None:
        raise ObjectNotFoundError(f"the file of figure {file_id} is missing")
    text = content.decode("utf-8")
    try:
        figure = json.loads(text)
    except ValueError:
        return text
    if not isinstance(figure, dict):
        return text
    figure["canEdit"] = annotation.owner_id == ctx.user_id
    figure["group"] = {"id": annotation.group_id, "name": annotation.group.name}
    if "figureName" not in figure:
        try:
            figure["figureName"] = json.loads(annotation.description or "{}")["name"]
        except (ValueError, KeyError, TypeError):
            figure["figureName"] = annotation.file.name if annotation.file else ""
    return figure


def _saved(ctx: EventContext) -> QuerySet[Annotation]:
    return (
        visible_annotations(ctx)
        .filter(kind=AnnotationKind.FILE, ns=FIGURE_NS, file__isnull=False)
        .select_related("owner", "group", "file")
        .order_by("pk")
    )


def list_figures(ctx: EventContext) -> list[dict[str, Any]]:
    """Every saved figure ctx may see, as OMERO.figure's file browser lists them."""
    return [
        {
            "id": figure.pk,
            "name": figure.file.name if figure.file else "",
            "description": figure.description,
            "ownerFullName": f"{figure.owner.first_name} {figure.owner.last_name}",
            "owner": {
                "id": figure.owner_id,
                "firstName": figure.owner.first_name,
                "lastName": figure.owner.last_name,
            },
            "group": {"id": figure.group_id, "name": figure.group.name},
            "creationDate": figure.created.timestamp(),
            "canEdit": permissions_of(ctx, figure).can_edit,
        }
        for figure in _saved(ctx)
    ]


def delete_figure(ctx: EventContext, file_id: object) -> None:
    do_delete(ctx, _figure(ctx, file_id, Action.DELETE))


def move_figure(ctx: EventContext, file_id: object, group_id: object) -> None:
    group = visible_groups(ctx).filter(pk=group_id).first()
    if group is None:
        raise ObjectNotFoundError(f"Group {group_id} not found")
    do_move_file_annotation(ctx, _figure(ctx, file_id, Action.CHGRP), group)
