"""``experimenters/`` and the experimenter form: search, badges, roles."""

from __future__ import annotations

from typing import Any

from tests.webadmin.conftest import SignedIn

from pyomero.model.actions import do_set_active, do_update_experimenter
from pyomero.model.models import AdminPrivilege, AuditEntry, Experimenter
from pyomero.testing.personas import Personas


def _form(person: Experimenter, personas: Personas, **changes: Any) -> dict[str, Any]:
    return {
        "ome_name": person.ome_name,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "role": "user",
        "groups": [personas.group.pk],
        "default_group": personas.group.pk,
        "active": "on",
        **changes,
    }


def test_it_searches_filters_and_badges_people(personas: Personas, signed_in: SignedIn) -> None:
    admin = personas.ctx("admin")
    do_update_experimenter(admin, personas.member, institution="Crick")
    do_set_active(admin, personas.colleague, False)
    client = signed_in("admin")
    found = client.get("/webadmin/experimenters/?search=crick").content.decode()
    assert ">member" in found and ">colleague" not in found
    inactive = client.get("/webadmin/experimenters/?status=inactive").content.decode()
    assert "colleague" in inactive and ">member" not in inactive
    everyone = client.get("/webadmin/experimenters/").content.decode()
    assert 'class="badge admin">Administrator' in everyone
    assert 'class="badge restricted">Restricted administrator' in everyone


def test_it_makes_a_user_a_restricted_administrator(
    personas: Personas, signed_in: SignedIn
) -> None:
    member = personas.member
    form = _form(member, personas, role="restricted administrator", privileges=["Chown", "Sudo"])
    response = signed_in("admin").post(f"/webadmin/experimenter/edit/{member.pk}/", form)
    assert response.status_code == 302
    member = Experimenter.objects.get(pk=member.pk)
    assert member.is_admin
    assert member.privileges() == {AdminPrivilege.CHOWN, AdminPrivilege.SUDO}
    entry = AuditEntry.objects.get(action="experimenter.update", target_name="member")
    assert (entry.before["role"], entry.after["role"]) == ("user", "restricted administrator")
    assert entry.after["privileges"] == ["Chown", "Sudo"]

    demoted = signed_in("admin").post(
        f"/webadmin/experimenter/edit/{member.pk}/", _form(member, personas)
    )
    assert demoted.status_code == 302
    assert not Experimenter.objects.get(pk=member.pk).is_admin


def test_it_keeps_privileges_the_form_cannot_show(personas: Personas, signed_in: SignedIn) -> None:
    restricted = personas.restricted_admin  # WriteOwned alone, not all of "Write Data"
    page = signed_in("admin").get(f"/webadmin/experimenter/edit/{restricted.pk}/")
    assert 'value="WriteOwned" id="id_privileges_1" checked' in page.content.decode()
    form = _form(
        restricted,
        personas,
        role="restricted administrator",
        privileges=["WriteOwned", "Chgrp"],
        institution="Somewhere",
    )
    response = signed_in("admin").post(f"/webadmin/experimenter/edit/{restricted.pk}/", form)
    assert response.status_code == 302
    assert Experimenter.objects.get(pk=restricted.pk).privileges() == {
        AdminPrivilege.WRITE_OWNED,
        AdminPrivilege.CHGRP,
    }


def test_it_refuses_to_change_ones_own_role(personas: Personas, signed_in: SignedIn) -> None:
    admin = personas.admin
    response = signed_in("admin").post(
        f"/webadmin/experimenter/edit/{admin.pk}/",
        _form(admin, personas, role="user", groups=[personas.group.pk]),
    )
    assert response.status_code == 403
    assert Experimenter.objects.get(pk=admin.pk).is_admin
    assert not admin.group_maps.filter(parent=personas.group).exists()


def test_it_shows_mismatched_passwords_and_creates_nobody(
    personas: Personas, signed_in: SignedIn
) -> None:
    form = _form(
        Experimenter(ome_name="newbie", first_name="N", last_name="B"),
        personas,
        password="a-long-new-password-1",
        confirmation="a-long-new-password-2",
    )
    response = signed_in("admin").post("/webadmin/experimenter/new/", form)
    assert response.status_code == 400
    assert "The passwords do not match." in response.content.decode()
    assert not Experimenter.objects.filter(ome_name="newbie").exists()
