"""``access_image_lean``: the tile path's access answers exactly as ``access_image``."""

from __future__ import annotations

import pytest

from pyomero.model.access import access_image, access_image_lean
from pyomero.model.context import ALL_GROUPS
from pyomero.model.errors import ObjectNotFoundError
from pyomero.testing.factories import make_image
from pyomero.testing.personas import PERSONAS, make_personas

LEVELS = ("private", "read-only", "read-annotate", "read-write")


def outcome(access, ctx, image_id) -> int | None:
    try:
        return access(ctx, image_id).pk
    except ObjectNotFoundError:
        return None


@pytest.mark.django_db
@pytest.mark.parametrize("level", LEVELS)
def test_it_answers_as_access_image_for_every_persona_and_scope(level: str) -> None:
    people = make_personas(level)
    image = make_image(people.ctx("owner", people.group))
    scopes = (ALL_GROUPS, people.group, people.other_group, people.outside_group)
    for persona in PERSONAS:
        for scope in scopes:
            try:
                ctx = people.ctx(persona, scope)
            except ObjectNotFoundError:  # not a member of that group
                continue
            expected = outcome(access_image, ctx, image.pk)
            assert outcome(access_image_lean, ctx, image.pk) == expected, (persona, scope)


@pytest.mark.django_db
@pytest.mark.parametrize("image_id", [10**9, "x", None, "1.5"])
def test_it_answers_404_for_missing_images_and_bad_ids(image_id) -> None:
    people = make_personas()
    with pytest.raises(ObjectNotFoundError):
        access_image_lean(people.ctx("admin"), image_id)


@pytest.mark.django_db
def test_it_carries_owner_and_group_and_loads_the_rest_on_use() -> None:
    people = make_personas()
    image = make_image(people.ctx("owner", people.group), "cells.tif")
    found = access_image_lean(people.ctx("member"), str(image.pk))
    assert (found.pk, found.owner_id, found.group_id) == (image.pk, image.owner_id, image.group_id)
    assert found.name == "cells.tif"
