"""``change_password/<eid>/``: one's own needs the old one; validators always apply."""

from __future__ import annotations

from tests.webadmin.conftest import SignedIn

from pyomero.model.models import AuditEntry, Experimenter
from pyomero.testing.personas import PASSWORD, Personas

NEW = "another-long-password-7"


def _post(client: object, eid: int, **fields: str) -> object:
    return client.post(f"/webadmin/change_password/{eid}/", fields)  # type: ignore[attr-defined]


def test_it_needs_the_old_password_for_ones_own(personas: Personas, signed_in: SignedIn) -> None:
    client = signed_in("member")
    me = personas.member.pk
    wrong = _post(client, me, old_password="not-it", password=NEW, confirmation=NEW)
    assert wrong.status_code == 400
    assert "current password is not correct" in wrong.content.decode()
    assert Experimenter.objects.get(pk=me).check_password(PASSWORD)
    right = _post(client, me, old_password=PASSWORD, password=NEW, confirmation=NEW)
    assert right.status_code == 302
    assert Experimenter.objects.get(pk=me).check_password(NEW)
    assert client.get("/webadmin/myaccount/").status_code == 200  # still signed in
    entry = AuditEntry.objects.get(action="experimenter.password")
    assert NEW not in str(entry.before) + str(entry.after)


def test_it_refuses_what_djangos_validators_refuse(personas: Personas, signed_in: SignedIn) -> None:
    colleague = personas.colleague.pk
    entries = AuditEntry.objects.count()
    for weak in ("short", "password123"):
        response = _post(signed_in("admin"), colleague, password=weak, confirmation=weak)
        assert response.status_code == 400
        assert Experimenter.objects.get(pk=colleague).check_password(PASSWORD)
    assert AuditEntry.objects.count() == entries


def test_it_lets_an_admin_set_a_password_without_the_old_one(
    personas: Personas, signed_in: SignedIn
) -> None:
    response = _post(signed_in("admin"), personas.colleague.pk, password=NEW, confirmation=NEW)
    assert response.status_code == 302
    assert Experimenter.objects.get(pk=personas.colleague.pk).check_password(NEW)
