"""Every webadmin page and action for each persona, as one table of data.

Allowed actions succeed and leave an audit entry; forbidden ones answer 403 (a
page the persona knows of) or 404 (an object they may not see) and change nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from tests.webadmin.conftest import SignedIn

from pyomero.model.models import AuditEntry, Experimenter, ExperimenterGroup
from pyomero.testing.personas import PERSONAS, Personas

NEW_PASSWORD = "a-long-new-password-9"


@dataclass(frozen=True)
class Case:
    """A request as the persona, and what the world looks like when it happened."""

    request: Callable[[Client, Personas, str], Any]
    happened: Callable[[Personas], bool] | None  # None: a read, nothing to change


def _create_user(client: Client, p: Personas, persona: str) -> Any:
    return client.post(
        "/webadmin/experimenter/new/",
        {
            "ome_name": "newbie",
            "first_name": "New",
            "last_name": "Person",
            "role": "user",
            "groups": [p.group.pk],
            "active": "on",
            "password": NEW_PASSWORD,
            "confirmation": NEW_PASSWORD,
        },
    )


def _edit_member(client: Client, p: Personas, persona: str) -> Any:
    m = p.member
    return client.post(
        f"/webadmin/experimenter/edit/{m.pk}/",
        {
            "ome_name": m.ome_name,
            "first_name": m.first_name,
            "last_name": m.last_name,
            "institution": "Institute of Cells",
            "role": "user",
            "groups": [p.group.pk],
            "default_group": p.group.pk,
            "active": "on",
        },
    )


def _create_group(client: Client, p: Personas, persona: str) -> Any:
    return client.post("/webadmin/group/new/", {"name": "new-lab", "permissions": "read-only"})


def _lower_group(client: Client, p: Personas, persona: str) -> Any:
    members = [m.child_id for m in p.group.member_maps.all()]
    return client.post(
        f"/webadmin/group/edit/{p.group.pk}/",
        {
            "name": p.group.name,
            "permissions": "read-only",
            "members": members,
            "owners": [p.group_owner.pk],
        },
    )


def _owner_drops_colleague(client: Client, p: Personas, persona: str) -> Any:
    members = [m.child_id for m in p.group.member_maps.exclude(child=p.colleague)]
    return client.post(
        f"/webadmin/group_owner/edit/{p.group.pk}/",
        {"members": members, "owners": [p.group_owner.pk]},
    )


def _set_colleague_password(client: Client, p: Personas, persona: str) -> Any:
    return client.post(
        f"/webadmin/change_password/{p.colleague.pk}/",
        {"password": NEW_PASSWORD, "confirmation": NEW_PASSWORD},
    )


def _my_institution(client: Client, p: Personas, persona: str) -> Any:
    me = p.user(persona)
    return client.post(
        "/webadmin/myaccount/",
        {
            "first_name": me.first_name,
            "last_name": me.last_name,
            "institution": "Elsewhere University",
            "default_group": "",
        },
    )


def _in_member_group(p: Personas) -> bool:
    return not p.group.member_maps.filter(child=p.colleague).exists()


CASES: dict[str, Case] = {
    "create a user": Case(
        _create_user, lambda p: Experimenter.objects.filter(ome_name="newbie").exists()
    ),
    "edit a user": Case(
        _edit_member,
        lambda p: Experimenter.objects.get(pk=p.member.pk).institution == "Institute of Cells",
    ),
    "create a group": Case(
        _create_group, lambda p: ExperimenterGroup.objects.filter(name="new-lab").exists()
    ),
    "lower a group's level": Case(
        _lower_group, lambda p: ExperimenterGroup.objects.get(pk=p.group.pk).permissions == "rwr---"
    ),
    "remove a member as group owner": Case(_owner_drops_colleague, _in_member_group),
    "set another's password": Case(
        _set_colleague_password,
        lambda p: Experimenter.objects.get(pk=p.colleague.pk).check_password(NEW_PASSWORD),
    ),
    "read the users": Case(lambda c, p, _: c.get("/webadmin/experimenters/"), None),
    "read the groups": Case(lambda c, p, _: c.get("/webadmin/groups/"), None),
    "read the audit trail": Case(lambda c, p, _: c.get("/webadmin/audit/"), None),
    "export the audit trail": Case(lambda c, p, _: c.get("/webadmin/audit.csv"), None),
    "read the group's disk usage": Case(
        lambda c, p, _: c.get(f"/webadmin/drivespace_json/group/{p.group.pk}/"), None
    ),
    "read my account": Case(lambda c, p, _: c.get("/webadmin/myaccount/"), None),
    "read the groups I own": Case(lambda c, p, _: c.get("/webadmin/group_owner/"), None),
    "open the email page": Case(lambda c, p, _: c.get("/webadmin/email/"), None),
    "read disk usage": Case(lambda c, p, _: c.get("/webadmin/stats/"), None),
    "change my details": Case(
        _my_institution,
        lambda p: Experimenter.objects.filter(institution="Elsewhere University").exists(),
    ),
}

# Persona order: admin, restricted_admin (WriteOwned, Chgrp), group_owner, member, outsider.
TABLE: dict[str, tuple[int, int, int, int, int]] = {
    "create a user": (302, 403, 403, 403, 403),
    "edit a user": (302, 403, 403, 403, 403),
    "create a group": (302, 403, 403, 403, 403),
    "lower a group's level": (302, 403, 403, 403, 403),
    "remove a member as group owner": (404, 404, 302, 404, 404),
    "set another's password": (302, 403, 403, 403, 404),
    "read the users": (200, 200, 403, 403, 403),
    "read the groups": (200, 200, 403, 403, 403),
    "read the audit trail": (200, 200, 403, 403, 403),
    "export the audit trail": (200, 200, 403, 403, 403),
    "read the group's disk usage": (200, 200, 200, 200, 404),
    "read my account": (200, 200, 200, 200, 200),
    "read the groups I own": (403, 403, 200, 403, 403),
    "open the email page": (200, 200, 403, 403, 403),
    "read disk usage": (200, 200, 200, 200, 200),
    "change my details": (302, 302, 302, 302, 302),
}
COLUMNS = ("admin", "restricted_admin", "group_owner", "member", "outsider")
ROWS = [
    pytest.param(case, persona, status, id=f"{case}-{persona}")
    for case, statuses in TABLE.items()
    for persona, status in zip(COLUMNS, statuses, strict=True)
]


def test_it_covers_every_persona() -> None:
    assert set(COLUMNS) <= set(PERSONAS)
    assert set(TABLE) == set(CASES)


@pytest.mark.parametrize(("case", "persona", "status"), ROWS)
def test_it_answers_each_persona_as_the_table_says(
    case: str, persona: str, status: int, personas: Personas, signed_in: SignedIn
) -> None:
    before = AuditEntry.objects.count()
    response = CASES[case].request(signed_in(persona), personas, persona)
    assert response.status_code == status, response.content[:500]
    happened = CASES[case].happened
    if happened is None:
        return
    allowed = status == 302
    assert happened(personas) is allowed
    entries = AuditEntry.objects.order_by("-id")[: AuditEntry.objects.count() - before]
    if allowed:
        assert [e.actor_name for e in entries] == [personas.user(persona).ome_name]
    else:
        assert not entries
