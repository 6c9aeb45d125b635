"""Deleting with OMERO.web's options: contents or not, annotations or not, and the
warning when a multi-image fileset would be split."""

from __future__ import annotations

import pytest

from pyomero.model.actions import (
    do_add_file_annotation,
    do_add_tag,
    do_create_fileset,
    do_create_original_file,
    do_delete,
    do_delete_many,
    fileset_splits,
)
from pyomero.model.errors import InputInvalidError
from pyomero.model.models import Annotation, Dataset, Image, OriginalFile, Project
from pyomero.model.permissions import Action
from pyomero.testing.factories import make_image, make_tree
from pyomero.testing.personas import Personas


def test_it_keeps_the_contents_when_asked(personas: Personas) -> None:
    ctx = personas.ctx("owner", personas.group)
    project, dataset, _ = make_tree(ctx, images=2)
    do_delete(ctx, project, children=False)
    assert not Project.objects.exists()
    assert list(Dataset.objects.all()) == [dataset]
    assert Image.objects.count() == 2


def test_it_deletes_tags_and_attachments_only_when_asked(personas: Personas) -> None:
    ctx = personas.ctx("owner", personas.group)
    _, _, (first, second) = make_tree(ctx, images=2)
    for image in (first, second):
        do_add_tag(ctx, image, f"tag of {image.name}")
        file = do_create_original_file(ctx, f"{image.name}.txt", size=3)
        do_add_file_annotation(ctx, image, file)
    do_delete(ctx, first)
    assert Annotation.objects.count() == 4
    do_delete(ctx, second, annotations=True)
    assert Annotation.objects.count() == 2
    assert list(OriginalFile.objects.values_list("name", flat=True)) == [f"{first.name}.txt"]


def test_it_warns_of_a_split_fileset_and_deletes_it_whole(personas: Personas) -> None:
    ctx = personas.ctx("owner", personas.group)
    fileset = do_create_fileset(ctx, [do_create_original_file(ctx, "plate.tif", size=1)])
    first, second = make_image(ctx, "s0", fileset=fileset), make_image(ctx, "s1", fileset=fileset)
    splits = fileset_splits(ctx, [first], Action.DELETE)
    assert splits == [{"filesetId": fileset.pk, "selected": [first.pk], "left": [second.pk]}]
    with pytest.raises(InputInvalidError, match="fileset"):
        do_delete(ctx, first)
    assert fileset_splits(ctx, [first, second], Action.DELETE) == []
    do_delete_many(ctx, [first, second])
    assert not Image.objects.exists() and not OriginalFile.objects.exists()
