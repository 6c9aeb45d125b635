"""Restricted administrators, one privilege at a time.

Each privilege box of the experimenter form: an administrator holding it (with
Create and Edit Users and Add Users to Groups, which creating anyone needs) can
make a restricted administrator with it; one lacking it is refused with 403 and
nobody is created. The three account privileges also open their own actions.
"""

from __future__ import annotations

import pytest
from tests.webadmin.conftest import SignedIn

from pyomero.model.actions import create_experimenter
from pyomero.model.models import AdminPrivilege, AuditEntry, Experimenter, ExperimenterGroup
from pyomero.testing.personas import Personas
from pyomero.webadmin.privileges import BOXES, Box

BASE = frozenset({AdminPrivilege.MODIFY_USER, AdminPrivilege.MODIFY_GROUP_MEMBERSHIP})
PASSWORD = "a-long-new-password-9"


def _admin(login: str, privileges: frozenset[AdminPrivilege]) -> Experimenter:
    return create_experimenter(
        login, first_name="R", last_name="A", admin=True, privileges=privileges
    )


def _grant(signed_in: SignedIn, granter: Experimenter, personas: Personas, box: Box) -> int:
    response = signed_in(granter).post(
        "/webadmin/experimenter/new/",
        {
            "ome_name": "deputy",
            "first_name": "Dep",
            "last_name": "Uty",
            "role": "restricted administrator",
            "privileges": [box.key],
            "groups": [personas.group.pk],
            "active": "on",
            "password": PASSWORD,
            "confirmation": PASSWORD,
        },
    )
    return response.status_code


@pytest.mark.parametrize("box", BOXES, ids=[box.key for box in BOXES])
def test_it_lets_a_restricted_admin_grant_only_a_privilege_they_hold(
    box: Box, personas: Personas, signed_in: SignedIn
) -> None:
    lacking = _admin("lacking", BASE - box.privileges)
    assert _grant(signed_in, lacking, personas, box) == 403
    assert not Experimenter.objects.filter(ome_name="deputy").exists()
    assert not AuditEntry.objects.filter(actor_name="lacking").exists()

    holding = _admin("holding", BASE | box.privileges)
    assert _grant(signed_in, holding, personas, box) == 302
    deputy = Experimenter.objects.get(ome_name="deputy")
    assert deputy.privileges() == box.privileges
    entry = AuditEntry.objects.get(actor_name="holding", action="experimenter.create")
    assert entry.after["role"] == "restricted administrator"
    assert entry.after["privileges"] == sorted(p.value for p in box.privileges)


def test_it_lets_modify_user_edit_users_details(personas: Personas, signed_in: SignedIn) -> None:
    member = personas.member
    form = {
        "ome_name": member.ome_name,
        "first_name": "Renamed",
        "last_name": member.last_name,
        "role": "user",
        "groups": [personas.group.pk],
        "default_group": personas.group.pk,
        "active": "on",
    }
    url = f"/webadmin/experimenter/edit/{member.pk}/"
    without = _admin("no-modify-user", frozenset({AdminPrivilege.MODIFY_GROUP}))
    assert signed_in(without).post(url, form).status_code == 403
    assert Experimenter.objects.get(pk=member.pk).first_name == "Member"
    with_it = _admin("modify-user", frozenset({AdminPrivilege.MODIFY_USER}))
    assert signed_in(with_it).post(url, form).status_code == 302
    assert Experimenter.objects.get(pk=member.pk).first_name == "Renamed"


def test_it_lets_modify_group_create_groups(personas: Personas, signed_in: SignedIn) -> None:
    form = {"name": "imaging-core", "permissions": "read-annotate"}
    without = _admin("no-modify-group", frozenset({AdminPrivilege.MODIFY_USER}))
    assert signed_in(without).post("/webadmin/group/new/", form).status_code == 403
    assert not ExperimenterGroup.objects.filter(name="imaging-core").exists()
    with_it = _admin("modify-group", frozenset({AdminPrivilege.MODIFY_GROUP}))
    assert signed_in(with_it).post("/webadmin/group/new/", form).status_code == 302
    assert ExperimenterGroup.objects.get(name="imaging-core").permissions == "rwra--"


def test_it_lets_modify_group_membership_add_users_to_groups(
    personas: Personas, signed_in: SignedIn
) -> None:
    member = personas.member
    form = {
        "ome_name": member.ome_name,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "role": "user",
        "groups": [personas.group.pk, personas.other_group.pk],
        "default_group": personas.group.pk,
        "active": "on",
    }
    url = f"/webadmin/experimenter/edit/{member.pk}/"
    in_other = personas.other_group.member_maps.filter(child=member)
    without = _admin("no-membership", frozenset({AdminPrivilege.MODIFY_USER}))
    assert signed_in(without).post(url, form).status_code == 403
    assert not in_other.exists()
    with_it = _admin("membership", frozenset({AdminPrivilege.MODIFY_GROUP_MEMBERSHIP}))
    assert signed_in(with_it).post(url, form).status_code == 302
    assert in_other.exists()


def test_it_lets_only_a_full_admin_make_a_group_read_write(
    personas: Personas, signed_in: SignedIn
) -> None:
    form = {"name": "shared", "permissions": "read-write"}
    restricted = _admin("groups-only", frozenset({AdminPrivilege.MODIFY_GROUP}))
    response = signed_in(restricted).post("/webadmin/group/new/", form)
    assert response.status_code == 403
    assert not ExperimenterGroup.objects.filter(name="shared").exists()
    assert signed_in("admin").post("/webadmin/group/new/", form).status_code == 302
    assert ExperimenterGroup.objects.get(name="shared").permissions == "rwrw--"
