"""A list shows exactly what the user may see; each object carries their permissions.

For every group level and persona, the ids of each list are those the model's
policy lets the persona view, and every ``omero:details.permissions`` is the
policy's answer for that persona.
"""

from __future__ import annotations

import pytest
from django.test import Client

from pyomero.model.actions import do_create_plate, do_create_screen, do_save_roi
from pyomero.model.context import event_context
from pyomero.model.models import Dataset, Image, Plate, Project, Roi, Screen
from pyomero.model.permissions import Action, can, details_of, permissions_of
from pyomero.testing.factories import make_tree
from pyomero.testing.personas import PERSONAS, Personas, make_personas

from .conftest import M

LEVELS = ("private", "read-only", "read-annotate", "read-write")
LISTS = {
    "projects": Project,
    "datasets": Dataset,
    "images": Image,
    "screens": Screen,
    "plates": Plate,
    "rois": Roi,
}


def populate(people: Personas) -> None:
    makers = [(p, people.group) for p in ("owner", "member", "group_owner")]
    for persona, group in [*makers, ("outsider", people.outside_group)]:
        ctx = people.ctx(persona, group)
        _, _, images = make_tree(ctx, images=1, name=persona)
        do_save_roi(ctx, images[0], [{"kind": "Point", "x": 1.0, "y": 1.0}])
        screen = do_create_screen(ctx, f"{persona} screen")
        do_create_plate(ctx, f"{persona} plate", rows=1, columns=1, screen=screen)


@pytest.mark.parametrize("level", LEVELS)
def test_it_lists_exactly_what_each_persona_may_see(db: None, level: str) -> None:
    people = make_personas(level)
    populate(people)
    for persona in PERSONAS:
        ctx = event_context(people.user(persona), -1)
        client = Client()
        client.force_login(people.user(persona))
        for url, model in LISTS.items():
            everything = model.objects.select_related("group")
            expected = {o.pk for o in everything if can(ctx, Action.VIEW, details_of(o))}
            listed = client.get(f"{M}{url}/").json()["data"]
            assert {o["@id"] for o in listed} == expected, (level, persona, url)
            for encoded in listed:
                obj = everything.get(pk=encoded["@id"])
                want = permissions_of(ctx, obj).to_json()
                assert encoded["omero:details"]["permissions"] == want, (persona, url)
