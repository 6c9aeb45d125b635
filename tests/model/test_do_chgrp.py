"""Moving data to another group: the graph goes, links to what stays are cut."""

from __future__ import annotations

import pytest

from pyomero.model.actions import (
    do_add_comment,
    do_add_tag,
    do_annotate,
    do_chgrp,
    do_create_dataset,
    do_create_fileset,
    do_create_original_file,
    do_link,
    do_save_roi,
)
from pyomero.model.errors import ActionForbiddenError, InputInvalidError
from pyomero.model.models import (
    Annotation,
    Channel,
    DatasetImageLink,
    Image,
    ImageAnnotationLink,
    Pixels,
    Shape,
)
from pyomero.testing.factories import make_image, make_tree
from pyomero.testing.personas import Personas


def test_it_moves_a_dataset_with_its_images_and_their_parts(personas: Personas) -> None:
    ctx = personas.ctx("owner", personas.group)
    project, dataset, images = make_tree(ctx, images=2)
    do_save_roi(ctx, images[0], [{"kind": "Rectangle", "width": 2.0, "height": 3.0}])
    do_add_comment(ctx, images[0], "mine")
    do_chgrp(ctx, dataset, personas.other_group)
    target = personas.other_group.pk
    assert set(Image.objects.values_list("group_id", flat=True)) == {target}
    for model in (Pixels, Channel, Shape, DatasetImageLink, ImageAnnotationLink, Annotation):
        assert set(model.objects.values_list("group_id", flat=True)) == {target}, model
    assert not project.dataset_links.exists()


def test_it_cuts_links_to_containers_left_behind(personas: Personas) -> None:
    ctx = personas.ctx("owner", personas.group)
    _, _dataset, images = make_tree(ctx, images=1)
    do_chgrp(ctx, images[0], personas.other_group)
    assert not DatasetImageLink.objects.exists()
    assert Image.objects.get().group == personas.other_group


def test_it_unlinks_shared_annotations_instead_of_moving_them(personas: Personas) -> None:
    ctx = personas.ctx("owner", personas.group)
    first, second = make_image(ctx, "a"), make_image(ctx, "b")
    tag = do_add_tag(ctx, first, "shared")
    do_annotate(ctx, second, tag)
    do_chgrp(ctx, first, personas.other_group)
    tag.refresh_from_db()
    assert tag.group == personas.group
    assert list(ImageAnnotationLink.objects.values_list("parent_id", flat=True)) == [second.pk]


def test_it_refuses_a_group_the_owner_is_not_in(personas: Personas) -> None:
    ctx = personas.ctx("owner", personas.group)
    image = make_image(ctx)
    with pytest.raises(ActionForbiddenError):
        do_chgrp(ctx, image, personas.outside_group)
    do_chgrp(personas.ctx("admin"), image, personas.outside_group)
    assert Image.objects.get().group == personas.outside_group


def test_it_keeps_a_fileset_together(personas: Personas) -> None:
    ctx = personas.ctx("owner", personas.group)
    fileset = do_create_fileset(ctx, [do_create_original_file(ctx, "plate.tif", size=1)])
    first, _ = make_image(ctx, "s0", fileset=fileset), make_image(ctx, "s1", fileset=fileset)
    dataset = do_create_dataset(ctx, "half")
    do_link(ctx, dataset, first)
    with pytest.raises(InputInvalidError, match="fileset"):
        do_chgrp(ctx, dataset, personas.other_group)
    assert set(Image.objects.values_list("group_id", flat=True)) == {personas.group.pk}
