"""Deleting: a container takes what only it holds; tags stay for reuse."""

from __future__ import annotations

from pyomero.model.actions import (
    do_add_comment,
    do_add_tag,
    do_create_dataset,
    do_delete,
    do_link,
    do_save_roi,
)
from pyomero.model.models import (
    Annotation,
    Channel,
    Dataset,
    Image,
    Pixels,
    Project,
    Roi,
    TagAnnotation,
)
from pyomero.testing.factories import make_tree
from pyomero.testing.personas import Personas, make_personas


def test_it_deletes_a_project_and_what_only_it_holds(personas: Personas) -> None:
    ctx = personas.ctx("owner", personas.group)
    project, _dataset, images = make_tree(ctx, images=2)
    elsewhere = do_create_dataset(ctx, "elsewhere")
    do_link(ctx, elsewhere, images[1])
    do_save_roi(ctx, images[0], [{"kind": "Point", "x": 1.0}])
    do_delete(ctx, project)
    assert not Project.objects.exists()
    assert list(Dataset.objects.all()) == [elsewhere]
    assert list(Image.objects.all()) == [images[1]]
    assert Pixels.objects.count() == 1 and Channel.objects.count() == 2
    assert not Roi.objects.exists()


def test_it_keeps_tags_and_removes_comments(personas: Personas) -> None:
    ctx = personas.ctx("owner", personas.group)
    _, _, images = make_tree(ctx, images=1)
    do_add_tag(ctx, images[0], "keep me")
    do_add_comment(ctx, images[0], "delete me")
    do_delete(ctx, images[0])
    assert list(Annotation.objects.values_list("kind", flat=True)) == ["TagAnnotation"]
    assert TagAnnotation.objects.get().text_value == "keep me"


def test_it_leaves_children_the_deleter_may_not_delete(db: None) -> None:
    people = make_personas("read-only")
    owner = people.ctx("owner", people.group)
    leader = people.ctx("group_owner", people.group)
    project, _dataset, _ = make_tree(owner, images=1)
    theirs = do_create_dataset(leader, "the group owner's")
    do_link(leader, project, theirs)
    do_delete(owner, project)
    assert list(Dataset.objects.all()) == [theirs]
