"""Annotating: tags and tag sets, ratings, key-value pairs; using others' tags."""

from __future__ import annotations

import pytest

from pyomero.model.actions import (
    do_add_map_annotation,
    do_annotate,
    do_create_tag,
    do_create_tagset,
    do_set_map_values,
    do_set_rating,
)
from pyomero.model.errors import ActionForbiddenError
from pyomero.model.models import (
    RATING_NS,
    AnnotationAnnotationLink,
    ImageAnnotationLink,
    LongAnnotation,
)
from pyomero.testing.factories import make_image
from pyomero.testing.personas import Personas, make_personas


def test_it_puts_tags_in_a_tag_set(personas: Personas) -> None:
    ctx = personas.ctx("owner", personas.group)
    tagset = do_create_tagset(ctx, "phase")
    tags = [do_create_tag(ctx, name) for name in ("G1", "S", "G2")]
    for tag in tags:
        do_annotate(ctx, tagset, tag)
    children = AnnotationAnnotationLink.objects.filter(parent=tagset)
    assert [link.child.text_value for link in children.order_by("id")] == ["G1", "S", "G2"]


def test_it_keeps_one_rating_per_user(personas: Personas) -> None:
    image = make_image(personas.ctx("owner", personas.group))
    do_set_rating(personas.ctx("owner"), image, 3)
    do_set_rating(personas.ctx("owner"), image, 5)
    do_set_rating(personas.ctx("member"), image, 1)
    ratings = LongAnnotation.objects.filter(ns=RATING_NS)
    assert sorted(ratings.values_list("long_value", flat=True)) == [1, 5]
    do_set_rating(personas.ctx("owner"), image, 0)
    assert list(ratings.values_list("long_value", flat=True)) == [1]


def test_it_replaces_key_value_pairs_in_order(personas: Personas) -> None:
    ctx = personas.ctx("owner", personas.group)
    annotation = do_add_map_annotation(ctx, make_image(ctx), [("a", "1")])
    do_set_map_values(ctx, annotation, [("z", "26"), ("a", "1")])
    assert [(v.name, v.value) for v in annotation.map_values.all()] == [("z", "26"), ("a", "1")]
    with pytest.raises(ActionForbiddenError):
        do_set_map_values(personas.ctx("member"), annotation, [])


@pytest.mark.parametrize(("level", "allowed"), [("read-only", False), ("read-annotate", True)])
def test_it_uses_another_users_tag_when_the_group_annotates(
    db: None, level: str, allowed: bool
) -> None:
    people = make_personas(level)
    tag = do_create_tag(people.ctx("member", people.group), "theirs")
    image = make_image(people.ctx("owner", people.group))
    if allowed:
        do_annotate(people.ctx("owner"), image, tag)
    else:
        with pytest.raises(ActionForbiddenError):
            do_annotate(people.ctx("owner"), image, tag)
    assert ImageAnnotationLink.objects.exists() is allowed
