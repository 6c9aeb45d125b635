"""The event context: who acts, in which group, with which roles."""

from __future__ import annotations

import pytest

from pyomero.model.context import ALL_GROUPS, event_context
from pyomero.model.errors import ObjectNotFoundError
from pyomero.model.models import AdminPrivilege
from pyomero.testing.personas import RESTRICTED_PRIVILEGES, Personas


def test_it_defaults_to_the_users_default_group(personas: Personas) -> None:
    ctx = event_context(personas.owner)
    assert ctx.group_id == personas.group.pk
    assert ctx.user_name == "owner"


def test_it_takes_all_groups(personas: Personas) -> None:
    assert event_context(personas.owner, ALL_GROUPS).group_id is None
    assert event_context(personas.owner, "-1").group_id is None


def test_it_refuses_a_group_the_user_is_not_in(personas: Personas) -> None:
    with pytest.raises(ObjectNotFoundError):
        event_context(personas.outsider, personas.group)


def test_it_lets_an_admin_act_in_any_group(personas: Personas) -> None:
    assert event_context(personas.admin, "lab").group_id == personas.group.pk


def test_it_knows_group_owners(personas: Personas) -> None:
    ctx = event_context(personas.group_owner)
    assert personas.group.pk in ctx.leader_of_groups
    assert personas.group.pk not in event_context(personas.member).leader_of_groups


def test_it_knows_full_and_restricted_admins(personas: Personas) -> None:
    assert event_context(personas.admin).is_full_admin
    restricted = event_context(personas.restricted_admin)
    assert restricted.is_admin and not restricted.is_full_admin
    assert restricted.admin_privileges == frozenset(RESTRICTED_PRIVILEGES)
    assert not restricted.has_privilege(AdminPrivilege.CHOWN)
    assert not event_context(personas.member).is_admin


def test_it_keeps_system_groups_out_of_data_groups(personas: Personas) -> None:
    ctx = event_context(personas.owner)
    assert ctx.data_groups == {personas.group.pk, personas.other_group.pk}
    assert len(ctx.member_of_groups) == 3
