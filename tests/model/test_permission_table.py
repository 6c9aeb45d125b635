"""The permission table of issue 2, as data, run through the real access and actions.

For each persona, group level and action: what the persona may do with an image
that ``owner`` made in the group. ``Y``/``N`` per level: private, read-only,
read-annotate, read-write. The restricted admin holds WriteOwned and Chgrp only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from pyomero.model import actions as act
from pyomero.model.access import access_image, access_link
from pyomero.model.context import EventContext
from pyomero.model.errors import ActionForbiddenError, ObjectNotFoundError
from pyomero.model.models import (
    Annotation,
    DatasetImageLink,
    Image,
    ImageAnnotationLink,
    NamedValue,
    Permissions,
    RenderingDef,
    Shape,
)
from pyomero.model.permissions import permissions_of
from pyomero.testing.factories import in_group, make_image
from pyomero.testing.personas import PERSONAS, Personas, make_personas

LEVELS = ("private", "read-only", "read-annotate", "read-write")

#                owner   member  group_owner admin  restricted outsider
TABLE = {
    "view":     ("YYYY", "NYYY", "YYYY", "YYYY", "YYYY", "NNNN"),
    "annotate": ("YYYY", "NNYY", "NYYY", "NYYY", "NYYY", "NNNN"),
    "edit":     ("YYYY", "NNNY", "YYYY", "YYYY", "YYYY", "NNNN"),
    "delete":   ("YYYY", "NNNY", "YYYY", "YYYY", "NNNN", "NNNN"),
    "link":     ("YYYY", "NNNY", "NYYY", "NYYY", "NYYY", "NNNN"),
    "chgrp":    ("YYYY", "NNNN", "NNNN", "YYYY", "YYYY", "NNNN"),
    "chown":    ("NNNN", "NNNN", "YYYY", "YYYY", "NNNN", "NNNN"),
}  # fmt: skip


@dataclass
class World:
    people: Personas
    image: Image
    comment_link: ImageAnnotationLink


def make_world(level: str) -> World:
    people = make_personas(level)
    owner = people.ctx("owner", people.group)
    image = make_image(owner)
    act.do_add_comment(owner, image, "the owner's own comment")
    link = ImageAnnotationLink.objects.get(parent=image)
    return World(people, image, link)


def _image(ctx: EventContext, w: World) -> Image:
    return access_image(ctx, w.image.pk)


def _own_ctx(ctx: EventContext, w: World) -> EventContext:
    return in_group(ctx, w.image.group_id)


def _file(ctx: EventContext, w: World) -> None:
    image = _image(ctx, w)
    mine = act.do_create_original_file(_own_ctx(ctx, w), "notes.txt", size=5)
    act.do_add_file_annotation(ctx, image, mine)


def _link(ctx: EventContext, w: World) -> None:
    image = _image(ctx, w)
    mine = act.do_create_dataset(_own_ctx(ctx, w), "my dataset")
    act.do_link(ctx, mine, image)


def _remove_annotation(ctx: EventContext, w: World) -> None:
    link = access_link(ctx, ImageAnnotationLink, w.comment_link.pk)
    act.do_remove_annotation_link(ctx, link)


Attempt = Callable[[EventContext, World], object]
# action of the table -> (flag of permissions_of, attempts through the real functions)
ATTEMPTS: dict[str, tuple[str | None, dict[str, Attempt]]] = {
    "view": (None, {"access": _image}),
    "annotate": (
        "can_annotate",
        {
            "tag": lambda c, w: act.do_add_tag(c, _image(c, w), "tagged"),
            "key-value": lambda c, w: act.do_add_map_annotation(c, _image(c, w), [("k", "v")]),
            "comment": lambda c, w: act.do_add_comment(c, _image(c, w), "nice"),
            "rating": lambda c, w: act.do_set_rating(c, _image(c, w), 4),
            "file": _file,
            "roi": lambda c, w: act.do_save_roi(c, _image(c, w), [{"kind": "Point", "x": 1.0}]),
        },
    ),
    "edit": (
        "can_edit",
        {
            "name": lambda c, w: act.do_update(c, _image(c, w), name="renamed"),
            "description": lambda c, w: act.do_update(c, _image(c, w), description="new"),
            "rendering": lambda c, w: act.do_save_rendering_def(
                c, _image(c, w), for_owner=True, default_z=0
            ),
        },
    ),
    "delete": (
        "can_delete",
        {
            "image": lambda c, w: act.do_delete(c, _image(c, w)),
            "annotation": _remove_annotation,
        },
    ),
    "link": ("can_link", {"into own dataset": _link}),
    "chgrp": (
        "can_chgrp",
        {"image": lambda c, w: act.do_chgrp(c, _image(c, w), w.people.other_group)},
    ),
    "chown": (
        "can_chown",
        {"image": lambda c, w: act.do_chown(c, _image(c, w), w.people.colleague)},
    ),
}


def _cases() -> list[object]:
    cases = []
    for action, row in TABLE.items():
        for persona, expected in zip(PERSONAS, row, strict=True):
            for level, mark in zip(LEVELS, expected, strict=True):
                visible = TABLE["view"][PERSONAS.index(persona)][LEVELS.index(level)] == "Y"
                for how in ATTEMPTS[action][1]:
                    case = (persona, level, action, how, mark == "Y", visible)
                    cases.append(pytest.param(*case, id=f"{persona}-{level}-{action}-{how}"))
    return cases


def _snapshot() -> tuple[int, ...]:
    """What a refused action must leave as it was (an attempt's own set-up aside)."""
    models = (Image, DatasetImageLink, Annotation, ImageAnnotationLink, NamedValue, Shape,
              RenderingDef)  # fmt: skip
    changed = Image.objects.values_list("name", "description", "owner_id", "group_id")
    return (*(m.objects.count() for m in models), hash(tuple(changed)))


@pytest.mark.parametrize(("persona", "level", "action", "how", "expected", "visible"), _cases())
def test_it_follows_the_permission_table(
    db: None, persona: str, level: str, action: str, how: str, expected: bool, visible: bool
) -> None:
    world = make_world(level)
    assert world.image.group.permissions == Permissions.from_name(level)
    ctx = world.people.ctx(persona)
    flag, attempts = ATTEMPTS[action]
    if flag is not None and visible:
        target = world.comment_link if how == "annotation" else world.image
        target = type(target).objects.select_related("group").get(pk=target.pk)
        assert getattr(permissions_of(ctx, target), flag) is expected
    before = _snapshot()
    try:
        attempts[how](ctx, world)
    except ObjectNotFoundError:
        assert not expected and not visible
        assert _snapshot() == before
    except ActionForbiddenError:
        assert not expected and visible
        assert _snapshot() == before
    else:
        assert expected, f"{persona} could {action} ({how}) in a {level} group"
