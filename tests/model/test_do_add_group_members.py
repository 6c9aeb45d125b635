"""Group membership: group owners manage their group; only full admins make admins."""

from __future__ import annotations

import pytest

from pyomero.model.actions import (
    create_experimenter,
    do_add_group_members,
    do_remove_group_members,
)
from pyomero.model.errors import ActionForbiddenError
from pyomero.model.models import Experimenter, ExperimenterGroup, GroupExperimenterMap
from pyomero.testing.personas import Personas


def test_it_lets_a_group_owner_add_and_remove_members(personas: Personas) -> None:
    newcomer = create_experimenter("ivy", first_name="Ivy", last_name="I")
    ctx = personas.ctx("group_owner")
    assert do_add_group_members(ctx, personas.group, [newcomer]) == [newcomer]
    assert do_add_group_members(ctx, personas.group, [newcomer]) == []
    newcomer.refresh_from_db()
    assert newcomer.default_group == personas.group
    assert do_remove_group_members(ctx, personas.group, [newcomer]) == [newcomer]
    newcomer.refresh_from_db()
    assert newcomer.default_group is None


def test_it_refuses_members_and_outsiders(personas: Personas) -> None:
    for persona in ("member", "outsider", "restricted_admin"):
        with pytest.raises(ActionForbiddenError):
            do_add_group_members(personas.ctx(persona), personas.group, [personas.outsider])
    assert not GroupExperimenterMap.objects.filter(
        parent=personas.group, child=personas.outsider
    ).exists()


def test_it_adds_and_removes_owners(personas: Personas) -> None:
    ctx = personas.ctx("admin")
    do_add_group_members(ctx, personas.group, [personas.member], as_owner=True)
    membership = GroupExperimenterMap.objects.get(parent=personas.group, child=personas.member)
    assert membership.owner
    do_remove_group_members(ctx, personas.group, [personas.member], as_owner=True)
    membership.refresh_from_db()
    assert not membership.owner


def test_it_lets_only_full_admins_make_admins(personas: Personas) -> None:
    system = ExperimenterGroup.objects.get(name="system")
    with pytest.raises(ActionForbiddenError):
        do_add_group_members(personas.ctx("group_owner"), system, [personas.member])
    do_add_group_members(personas.ctx("admin"), system, [personas.member])
    assert Experimenter.objects.get(pk=personas.member.pk).is_superuser


def test_it_moves_the_default_group_when_leaving_it(personas: Personas) -> None:
    do_remove_group_members(personas.ctx("admin"), personas.group, [personas.owner])
    personas.owner.refresh_from_db()
    assert personas.owner.default_group == personas.other_group
