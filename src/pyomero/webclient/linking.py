"""Links between containers and their contents, as the tree's drag and drop, cut, copy
and paste make them: OMERO.web's ``api/links/`` body ``{"dataset": {"12": {"image":
[1, 2]}}}`` (parent type -> parent id -> child type -> child ids)."""

from __future__ import annotations

from typing import Any, TypedDict

from django.db import transaction

from pyomero.model.access import access_annotation, check
from pyomero.model.actions import do_annotate, do_link, do_remove_annotation_link, do_unlink
from pyomero.model.context import EventContext
from pyomero.model.errors import InputInvalidError, ObjectNotFoundError
from pyomero.model.models import (
    ANNOTATION_LINKS,
    TAGSET_NS,
    AnnotationKind,
    DatasetImageLink,
    ProjectDatasetLink,
    ScreenPlateLink,
)
from pyomero.model.permissions import Action
from pyomero.model.queries import visible
from pyomero.webclient.objects import access_by_type

# (parent type, child type) -> link model
LINKS = {
    ("project", "dataset"): ProjectDatasetLink,
    ("dataset", "image"): DatasetImageLink,
    ("screen", "plate"): ScreenPlateLink,
}
CHILD_OF = {child: (parent, model) for (parent, child), model in LINKS.items()}
#: A tag set holds tags through annotation links (OMERO's ``{"tagset": {id: {"tag": [...]}}}``).
TAGSET_TAG = ("tagset", "tag")
MAX_LINKS = 1000


class End(TypedDict):
    type: str
    id: int


class LinkJson(TypedDict):
    id: int
    parent: End
    child: End


def parse(body: Any) -> list[tuple[str, int, str, int]]:
    """``(parent type, parent id, child type, child id)`` of a links body."""
    found: list[tuple[str, int, str, int]] = []
    if not isinstance(body, dict) or not body:
        raise InputInvalidError('give links as {"dataset": {"<id>": {"image": [ids]}}}')
    for p_type, parents in body.items():
        if p_type == "orphaned":  # OMERO's tree sends it; nothing to link there
            continue
        if not isinstance(parents, dict):
            raise InputInvalidError(f"{p_type}: expected an object of parent ids")
        for p_id, children in parents.items():
            if not str(p_id).isdigit() or not isinstance(children, dict):
                raise InputInvalidError(f"{p_type} {p_id!r}: expected an id and its children")
            for c_type, ids in children.items():
                if (p_type, c_type) not in LINKS and (p_type, c_type) != TAGSET_TAG:
                    raise InputInvalidError(f"a {c_type} cannot go into a {p_type}")
                if not isinstance(ids, list) or not all(
                    isinstance(i, int) and not isinstance(i, bool) for i in ids
                ):
                    raise InputInvalidError(f"{c_type}: expected a list of ids")
                found += [(p_type, int(p_id), c_type, c_id) for c_id in ids]
    if len(found) > MAX_LINKS:
        raise InputInvalidError(f"at most {MAX_LINKS} links at a time")
    return found


def _tag(ctx: EventContext, tag_id: int, action: Action, tagset: bool = False) -> Any:
    found = access_annotation(ctx, tag_id, action)
    if found.kind != AnnotationKind.TAG or (found.ns == TAGSET_NS) != tagset:
        raise ObjectNotFoundError("TagSet" if tagset else "TagAnnotation", tag_id)
    return found


def _link_model(p_type: str, c_type: str) -> Any:
    if (p_type, c_type) == TAGSET_TAG:
        return ANNOTATION_LINKS["Annotation"]
    return LINKS[(p_type, c_type)]


def link(ctx: EventContext, body: Any) -> int:
    """Make the links (each end needs the link permission); returns how many."""
    wanted = parse(body)
    with transaction.atomic():
        for p_type, p_id, c_type, c_id in wanted:
            if (p_type, c_type) == TAGSET_TAG:
                tagset = _tag(ctx, p_id, Action.LINK, tagset=True)
                do_annotate(ctx, tagset, _tag(ctx, c_id, Action.VIEW))
                continue
            parent = access_by_type(ctx, p_type, p_id, Action.LINK)
            child = access_by_type(ctx, c_type, c_id, Action.LINK)
            do_link(ctx, parent, child)
    return len(wanted)


Remaining = dict[str, dict[str, dict[str, list[int]]]]


def unlink(ctx: EventContext, body: Any) -> Remaining:
    """Remove the links (delete permission on each link); answers the links the
    children keep to other parents, OMERO's ``{"dataset": {"<id>": {"image": [ids]}}}``
    (so that the tree knows what is now orphaned)."""
    wanted = parse(body)
    with transaction.atomic():
        for p_type, p_id, c_type, c_id in wanted:
            model = _link_model(p_type, c_type)
            found = visible(ctx, model).filter(parent_id=p_id, child_id=c_id).first()
            if found is None:
                raise ObjectNotFoundError(model.omero_type, f"{p_type} {p_id} - {c_type} {c_id}")
            check(ctx, Action.DELETE, found)
            if (p_type, c_type) == TAGSET_TAG:
                do_remove_annotation_link(ctx, found)
            else:
                do_unlink(ctx, found)
    remaining: Remaining = {}
    for p_type, _, c_type, c_id in wanted:
        model = _link_model(p_type, c_type)
        for pid in visible(ctx, model).filter(child_id=c_id).values_list("parent_id", flat=True):
            children = remaining.setdefault(p_type, {}).setdefault(str(pid), {c_type: []})
            if c_id not in children[c_type]:
                children[c_type].append(c_id)
    return remaining


def parent_links(ctx: EventContext, targets: list[tuple[str, int]]) -> list[LinkJson]:
    """The visible links from containers to these images, datasets or plates."""
    found: list[LinkJson] = []
    for c_type, c_id in targets:
        if c_type not in CHILD_OF:
            continue
        p_type, model = CHILD_OF[c_type]
        rows: Any = visible(ctx, model).filter(child_id=c_id).order_by("id")
        for row in rows:
            found.append(
                {
                    "id": row.pk,
                    "parent": {"type": p_type, "id": row.parent_id},
                    "child": {"type": c_type, "id": c_id},
                }
            )
    return found
