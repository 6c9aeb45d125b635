"""``visible_*`` querysets agree with the policy and cost one query."""

from __future__ import annotations

import pytest
from pytest_django import DjangoAssertNumQueries

from pyomero.model.context import ALL_GROUPS, event_context
from pyomero.model.models import Image
from pyomero.model.permissions import Action, can, details_of, permissions_of
from pyomero.model.queries import (
    datasets_in_project,
    images_in_dataset,
    orphaned_images,
    visible_experimenters,
    visible_groups,
    visible_images,
)
from pyomero.testing.factories import make_image, make_tree
from pyomero.testing.personas import PERSONAS, Personas, make_personas

LEVELS = ("private", "read-only", "read-annotate", "read-write")


@pytest.mark.parametrize("level", LEVELS)
def test_it_shows_exactly_what_the_policy_lets_one_view(db: None, level: str) -> None:
    personas = make_personas(level)
    for persona in ("owner", "member", "group_owner"):
        make_image(personas.ctx(persona, personas.group), f"{persona}.tif")
    make_image(personas.ctx("outsider", personas.outside_group), "outsider.tif")
    everything = Image.objects.select_related("group")
    for persona in PERSONAS:
        ctx = personas.ctx(persona)
        expected = {i.pk for i in everything if can(ctx, Action.VIEW, details_of(i))}
        assert set(visible_images(ctx).values_list("pk", flat=True)) == expected, persona


def test_it_scopes_to_the_current_group(personas: Personas) -> None:
    make_image(personas.ctx("owner", personas.group), "in lab")
    make_image(personas.ctx("owner", personas.other_group), "in other lab")
    in_lab = event_context(personas.owner, personas.group)
    assert [i.name for i in visible_images(in_lab)] == ["in lab"]
    assert visible_images(event_context(personas.owner, ALL_GROUPS)).count() == 2


def test_it_lists_children_without_a_query_per_row(
    personas: Personas, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    ctx = personas.ctx("member", personas.group)
    project, dataset, _ = make_tree(personas.ctx("owner", personas.group), images=5)
    with django_assert_num_queries(1):
        rows = [
            (i.name, i.owner.ome_name, permissions_of(ctx, i).can_annotate)
            for i in images_in_dataset(ctx, dataset.pk)
        ]
    assert len(rows) == 5
    assert [d.pk for d in datasets_in_project(ctx, project.pk)] == [dataset.pk]


def test_it_finds_orphaned_images(personas: Personas) -> None:
    ctx = personas.ctx("owner", personas.group)
    make_tree(ctx, images=1)
    loose = make_image(ctx, "loose")
    assert [i.pk for i in orphaned_images(ctx)] == [loose.pk]


def test_it_shows_users_their_groups_and_colleagues(personas: Personas) -> None:
    member = personas.ctx("member")
    assert set(visible_groups(member)) == {personas.group}.union(
        g for g in visible_groups(personas.ctx("admin")) if g.name == "user"
    )
    logins = set(visible_experimenters(member).values_list("ome_name", flat=True))
    assert "owner" in logins and "outsider" not in logins
