"""What the Delete and Move dialogs say about the objects they act on: each one's name,
how many children it holds and how many annotations are on it (visible to the user)."""

from __future__ import annotations

from typing import Any, TypedDict

from pyomero.model.context import EventContext
from pyomero.model.queries import annotation_links

#: A container's children, as the tree counts them: (related name, what they are).
CHILDREN = {
    "project": ("dataset_links", "dataset"),
    "dataset": ("image_links", "image"),
    "screen": ("plate_links", "plate"),
    "plate": ("acquisitions", "run"),
}


class ObjectSummary(TypedDict):
    type: str
    id: int
    name: str
    children: int
    childType: str
    annotations: int


def summarise(
    ctx: EventContext, keys: tuple[tuple[str, int], ...], objects: list[Any]
) -> list[ObjectSummary]:
    found: list[ObjectSummary] = []
    for (c_type, _), obj in zip(keys, objects, strict=True):
        related, child_type = CHILDREN.get(c_type, ("", ""))
        children = getattr(obj, related).count() if related else 0
        found.append(
            {
                "type": c_type,
                "id": obj.pk,
                "name": obj.name,
                "children": children,
                "childType": child_type,
                "annotations": annotation_links(ctx, obj).count(),
            }
        )
    return found
