"""A restricted administrator with Create and Edit Users may not edit, deactivate or set
the password of a full administrator (OMERO's rule against escalation): 403, nothing
changed, nothing audited; a plain user they still edit."""

from __future__ import annotations

from tests.webadmin.conftest import SignedIn
from tests.webadmin.test_experimenters import _form

from pyomero.model.actions import create_experimenter
from pyomero.model.models import AdminPrivilege, AuditEntry, Experimenter
from pyomero.testing.personas import Personas

NEW = "a-long-new-password-9"


def test_it_keeps_a_restricted_admin_off_a_full_admins_account(
    personas: Personas, signed_in: SignedIn
) -> None:
    held = [AdminPrivilege.MODIFY_USER, AdminPrivilege.MODIFY_GROUP_MEMBERSHIP]
    deputy = create_experimenter(
        "deputy", first_name="D", last_name="Eputy", admin=True, privileges=held
    )
    client, boss = signed_in(deputy), personas.admin
    edit_url = f"/webadmin/experimenter/edit/{boss.pk}/"
    assert client.get(edit_url).status_code == 403
    changed = _form(boss, personas, last_name="Renamed", active="")
    assert client.post(edit_url, changed).status_code == 403
    password_url = f"/webadmin/change_password/{boss.pk}/"
    answer = client.post(password_url, {"password": NEW, "confirmation": NEW})
    assert answer.status_code == 403
    boss = Experimenter.objects.get(pk=boss.pk)
    assert (boss.last_name, boss.is_active, boss.check_password(NEW)) == (
        personas.admin.last_name,
        True,
        False,
    )
    assert not AuditEntry.objects.filter(actor_name="deputy").exists()

    member = personas.member
    edited = client.post(
        f"/webadmin/experimenter/edit/{member.pk}/", _form(member, personas, last_name="Renamed")
    )
    assert edited.status_code == 302
    assert Experimenter.objects.get(pk=member.pk).last_name == "Renamed"
