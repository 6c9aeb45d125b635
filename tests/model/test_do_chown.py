"""Giving data away: group owners to members of the group, administrators to anyone."""

from __future__ import annotations

import pytest

from pyomero.model.actions import do_add_comment, do_chown, do_save_rendering_def
from pyomero.model.errors import ActionForbiddenError
from pyomero.model.models import Channel, Image, ImageAnnotationLink, RenderingDef
from pyomero.testing.factories import make_image, make_tree
from pyomero.testing.personas import Personas


def test_it_gives_the_owners_rows_and_keeps_others(personas: Personas) -> None:
    owner = personas.ctx("owner", personas.group)
    _, dataset, images = make_tree(owner, images=1)
    do_add_comment(personas.ctx("member"), images[0], "the member's")
    do_chown(personas.ctx("group_owner"), dataset, personas.colleague)
    assert Image.objects.get().owner == personas.colleague
    assert set(Channel.objects.values_list("owner_id", flat=True)) == {personas.colleague.pk}
    assert ImageAnnotationLink.objects.get().owner == personas.member


def test_it_refuses_a_target_outside_the_group(personas: Personas) -> None:
    image = make_image(personas.ctx("owner", personas.group))
    with pytest.raises(ActionForbiddenError):
        do_chown(personas.ctx("group_owner"), image, personas.outsider)
    do_chown(personas.ctx("admin"), image, personas.outsider)
    assert Image.objects.get().owner == personas.outsider


def test_it_keeps_one_rendering_def_per_user(personas: Personas) -> None:
    image = make_image(personas.ctx("owner", personas.group))
    do_save_rendering_def(personas.ctx("owner"), image, default_z=0)
    do_save_rendering_def(personas.ctx("colleague"), image, default_z=0)
    do_chown(personas.ctx("admin"), image, personas.colleague)
    assert list(RenderingDef.objects.values_list("owner_id", flat=True)) == [personas.colleague.pk]
