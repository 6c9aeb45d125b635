"""Changing a group's level: who may, and the refusal to drop others' links."""

from __future__ import annotations

import pytest

from pyomero.model.actions import (
    do_add_comment,
    do_annotate,
    do_create_dataset,
    do_create_tag,
    do_link,
    do_set_group_permissions,
)
from pyomero.model.errors import ActionForbiddenError, PermissionsChangeRefusedError
from pyomero.model.models import (
    DatasetImageLink,
    ExperimenterGroup,
    ImageAnnotationLink,
    Permissions,
)
from pyomero.testing.factories import make_image
from pyomero.testing.personas import Personas, make_personas


def test_it_lets_only_a_full_admin_make_a_group_read_write(personas: Personas) -> None:
    for persona in ("group_owner", "restricted_admin"):
        with pytest.raises(ActionForbiddenError):
            do_set_group_permissions(personas.ctx(persona), personas.group, "read-write")
    do_set_group_permissions(personas.ctx("admin"), personas.group, "read-write")
    assert ExperimenterGroup.objects.get(pk=personas.group.pk).permissions == "rwrw--"


def test_it_lets_a_group_owner_change_other_levels(personas: Personas) -> None:
    change = do_set_group_permissions(personas.ctx("group_owner"), personas.group, "read-only")
    assert (change.old, change.new) == (Permissions.READ_ANNOTATE, Permissions.READ_ONLY)


def test_it_refuses_members(personas: Personas) -> None:
    with pytest.raises(ActionForbiddenError):
        do_set_group_permissions(personas.ctx("member"), personas.group, "read-only")


def test_it_refuses_the_system_groups(personas: Personas) -> None:
    system = ExperimenterGroup.objects.get(name="system")
    with pytest.raises(ActionForbiddenError):
        do_set_group_permissions(personas.ctx("admin"), system, "read-only")


def test_it_refuses_a_downgrade_that_drops_annotations(personas: Personas) -> None:
    image = make_image(personas.ctx("owner", personas.group))
    do_add_comment(personas.ctx("member"), image, "seen")
    do_add_comment(personas.ctx("group_owner"), image, "owner's note")
    with pytest.raises(PermissionsChangeRefusedError) as refused:
        do_set_group_permissions(personas.ctx("admin"), personas.group, "read-only")
    assert refused.value.status == 409
    assert ExperimenterGroup.objects.get(pk=personas.group.pk).permissions == "rwra--"
    change = do_set_group_permissions(
        personas.ctx("admin"), personas.group, "read-only", force=True
    )
    assert change.dropped_links == 1
    owners = set(ImageAnnotationLink.objects.values_list("owner__ome_name", flat=True))
    assert owners == {"group-owner"}


def test_it_counts_others_tags_and_container_links(db: None) -> None:
    people = make_personas("read-write")
    owner, member = people.ctx("owner", people.group), people.ctx("member", people.group)
    image = make_image(owner)
    do_link(member, do_create_dataset(member, "member's"), image)
    do_annotate(owner, image, do_create_tag(member, "member's tag"))
    with pytest.raises(PermissionsChangeRefusedError, match="1 link"):
        do_set_group_permissions(people.ctx("admin"), people.group, "read-annotate")
    with pytest.raises(PermissionsChangeRefusedError, match="2 link"):
        do_set_group_permissions(people.ctx("admin"), people.group, "read-only")
    do_set_group_permissions(people.ctx("admin"), people.group, "private", force=True)
    assert not DatasetImageLink.objects.exists()
    assert not ImageAnnotationLink.objects.exists()


def test_it_raises_levels_freely(personas: Personas) -> None:
    make_image(personas.ctx("owner", personas.group))
    do_set_group_permissions(personas.ctx("admin"), personas.group, "read-write")
    do_set_group_permissions(personas.ctx("admin"), personas.group, "read-annotate")
