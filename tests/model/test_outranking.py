"""OMERO's rule against escalation: a restricted administrator with ModifyUser does not
edit, (de)activate or set the password of a full administrator, nor of an administrator
holding a privilege they lack; everyone else's account they may change."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pyomero.model.actions import (
    create_experimenter,
    do_set_active,
    do_set_default_group,
    do_set_password,
    do_update_experimenter,
)
from pyomero.model.context import ALL_GROUPS, EventContext, event_context
from pyomero.model.errors import ActionForbiddenError
from pyomero.model.models import AdminPrivilege, Experimenter
from pyomero.model.permissions import can_manage_user, outranks
from pyomero.testing.personas import Personas

HELD = frozenset({AdminPrivilege.MODIFY_USER, AdminPrivilege.MODIFY_GROUP_MEMBERSHIP})

Change = Callable[[EventContext, Experimenter, Personas], None]
CHANGES: dict[str, Change] = {
    "edit": lambda ctx, who, _: do_update_experimenter(ctx, who, last_name="Changed"),
    "deactivate": lambda ctx, who, _: do_set_active(ctx, who, False),
    "password": lambda ctx, who, _: do_set_password(ctx, who, "taken-over-9"),
    "default group": lambda ctx, who, p: do_set_default_group(ctx, who, p.group),
}

ALLOWED = {name: CHANGES[name] for name in ("edit", "deactivate", "password")}


def _admin(login: str, privileges: frozenset[AdminPrivilege] | None) -> Experimenter:
    return create_experimenter(
        login, first_name="A", last_name="Dmin", admin=True, privileges=privileges
    )


def _state(who: Experimenter) -> tuple[str, bool, str, int | None]:
    who.refresh_from_db()
    return who.last_name, who.is_active, who.password, who.default_group_id


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
@pytest.mark.parametrize(
    "target", [None, HELD | {AdminPrivilege.SUDO}], ids=["full admin", "more privileged"]
)
def test_it_refuses_a_restricted_admin_changing_someone_who_outranks_them(
    personas: Personas, change: Change, target: frozenset[AdminPrivilege] | None
) -> None:
    ctx = event_context(_admin("deputy", HELD), ALL_GROUPS)
    boss = _admin("boss", target)
    before = _state(boss)
    with pytest.raises(ActionForbiddenError, match="you may not"):
        change(ctx, boss, personas)
    assert _state(boss) == before


@pytest.mark.parametrize("change", ALLOWED.values(), ids=ALLOWED.keys())
def test_it_lets_a_restricted_admin_change_a_user_or_a_lesser_admin(
    personas: Personas, change: Change
) -> None:
    ctx = event_context(_admin("deputy", HELD), ALL_GROUPS)
    lesser = _admin("lesser", frozenset({AdminPrivilege.MODIFY_USER}))
    for who in (personas.colleague, lesser):
        before = _state(who)
        change(ctx, who, personas)
        assert _state(who) != before


def test_it_says_who_outranks_whom(personas: Personas) -> None:
    deputy = event_context(_admin("deputy", HELD), ALL_GROUPS)
    full = event_context(personas.admin, ALL_GROUPS)
    admin_privileges = personas.admin.privileges()
    assert outranks(deputy, personas.admin.pk, admin_privileges)
    assert not outranks(full, personas.restricted_admin.pk, personas.restricted_admin.privileges())
    assert not outranks(deputy, deputy.user_id, HELD)
    assert can_manage_user(deputy, deputy.user_id, HELD)
    assert not can_manage_user(deputy, personas.admin.pk, admin_privileges)
