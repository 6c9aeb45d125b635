"""``access_image_rendering``: the tile path's access and rendering settings versions in
one query, answering exactly as ``access_image``."""

from __future__ import annotations

import pytest

from pyomero.model.access import access_image, access_image_rendering
from pyomero.model.context import ALL_GROUPS
from pyomero.model.errors import ObjectNotFoundError
from pyomero.model.models import RenderingDef
from pyomero.testing.images import make_pixels_image
from pyomero.testing.personas import PERSONAS, make_personas


def outcome(access, ctx, image_id) -> int | None:
    try:
        found = access(ctx, image_id)
    except ObjectNotFoundError:
        return None
    return (found[0] if isinstance(found, tuple) else found).pk


@pytest.mark.django_db
@pytest.mark.parametrize("level", ["private", "read-only", "read-annotate", "read-write"])
def test_it_answers_as_access_image_for_every_persona_and_scope(level: str) -> None:
    people = make_personas(level)
    image = make_pixels_image(people.ctx("owner", people.group))
    for persona in PERSONAS:
        for scope in (ALL_GROUPS, people.group, people.outside_group):
            try:
                ctx = people.ctx(persona, scope)
            except ObjectNotFoundError:  # not a member of that group
                continue
            expected = outcome(access_image, ctx, image.pk)
            assert outcome(access_image_rendering, ctx, image.pk) == expected, (persona, scope)


@pytest.mark.django_db
@pytest.mark.parametrize("image_id", [10**9, "x", None, "1.5"])
def test_it_answers_404_for_missing_images_and_bad_ids(image_id) -> None:
    with pytest.raises(ObjectNotFoundError):
        access_image_rendering(make_personas().ctx("admin"), image_id)


@pytest.mark.django_db
def test_it_lists_the_users_and_the_owners_rendering_defs_only() -> None:
    people = make_personas()
    image = make_pixels_image(people.ctx("owner", people.group))
    owners = RenderingDef.objects.get(pixels__image=image)
    found, rows = access_image_rendering(people.ctx("member"), image.pk)
    assert found.owner_id == people.owner.pk
    assert [(row[0], row[1], row[2], row[4]) for row in rows] == [
        (owners.pk, people.owner.pk, owners.version, owners.pixels_id)
    ]
    bare = make_pixels_image(people.ctx("owner", people.group), settings_saved=False)
    _, rows = access_image_rendering(people.ctx("member"), bare.pk)
    assert len(rows) == 1 and rows[0][:4] == (None, None, None, None) and rows[0][4]
