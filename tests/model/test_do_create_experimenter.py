"""Creating users: who may, and what the new user gets."""

from __future__ import annotations

import pytest

from pyomero.model.actions import do_create_experimenter, do_set_privileges
from pyomero.model.errors import ActionForbiddenError, NameTakenError
from pyomero.model.models import AdminPrivilege, Experimenter
from pyomero.testing.personas import Personas


def test_it_creates_a_member_of_groups(personas: Personas) -> None:
    user = do_create_experimenter(
        personas.ctx("admin"), "erin", "Erin", "E", password="pw", groups=[personas.group]
    )
    assert user.default_group == personas.group
    assert {m.parent.name for m in user.group_maps.all()} == {"user", "lab"}


def test_it_refuses_a_taken_login(personas: Personas) -> None:
    with pytest.raises(NameTakenError) as taken:
        do_create_experimenter(personas.ctx("admin"), "owner", "O", "O")
    assert (taken.value.status, taken.value.code) == (409, "name_taken")


def test_it_needs_modify_user(personas: Personas) -> None:
    before = Experimenter.objects.count()
    for persona in ("member", "group_owner", "restricted_admin"):
        with pytest.raises(ActionForbiddenError):
            do_create_experimenter(personas.ctx(persona), "frank", "F", "F")
    assert Experimenter.objects.count() == before


def test_it_lets_a_restricted_admin_grant_only_what_it_holds(personas: Personas) -> None:
    do_set_privileges(
        personas.ctx("admin"),
        personas.restricted_admin,
        [AdminPrivilege.MODIFY_USER, AdminPrivilege.CHGRP],
    )
    ctx = personas.ctx("restricted_admin")
    helper = do_create_experimenter(ctx, "gina", "G", "G", admin=True, privileges=["Chgrp"])
    assert helper.privileges() == {AdminPrivilege.CHGRP}
    with pytest.raises(ActionForbiddenError):
        do_create_experimenter(ctx, "hank", "H", "H", admin=True)
    with pytest.raises(ActionForbiddenError):
        do_create_experimenter(ctx, "hank", "H", "H", admin=True, privileges=["Chown"])
    assert not Experimenter.objects.filter(ome_name="hank").exists()
