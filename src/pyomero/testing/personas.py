"""The people of the permission tests (and of the demo data), around one group.

``owner`` owns the data; ``member`` is another member; ``group_owner`` owns the
group; ``admin`` is a full administrator and ``restricted_admin`` an administrator
with only :data:`RESTRICTED_PRIVILEGES`, neither in the group; ``outsider`` is in
another group only. ``colleague`` is one more member (whom data can be given to),
and ``other_group`` a second group of the owner's (where data can be moved).
"""

from __future__ import annotations

from dataclasses import dataclass

from pyomero.model.actions import create_experimenter, do_add_group_members, do_create_group
from pyomero.model.context import ALL_GROUPS, EventContext, event_context
from pyomero.model.models import AdminPrivilege, Experimenter, ExperimenterGroup, Permissions

PERSONAS = ("owner", "member", "group_owner", "admin", "restricted_admin", "outsider")
RESTRICTED_PRIVILEGES = (AdminPrivilege.WRITE_OWNED, AdminPrivilege.CHGRP)
PASSWORD = "secret-password"


@dataclass(frozen=True)
class Personas:
    group: ExperimenterGroup
    other_group: ExperimenterGroup
    outside_group: ExperimenterGroup
    owner: Experimenter
    member: Experimenter
    group_owner: Experimenter
    admin: Experimenter
    restricted_admin: Experimenter
    outsider: Experimenter
    colleague: Experimenter

    def user(self, persona: str) -> Experimenter:
        if persona not in (*PERSONAS, "colleague"):
            raise ValueError(f"unknown persona {persona!r}")
        user: Experimenter = getattr(self, persona)
        return user

    def ctx(self, persona: str, group: ExperimenterGroup | int | None = ALL_GROUPS) -> EventContext:
        """The persona's event context, in all their groups unless ``group`` is given."""
        return event_context(self.user(persona), group)


def make_personas(
    level: Permissions | str = Permissions.READ_ANNOTATE, prefix: str = ""
) -> Personas:
    """Create the group (at ``level``) and its people; ``prefix`` keeps names unique."""
    p = prefix
    admin = _person(f"{p}admin", admin=True)
    root_ctx = event_context(admin, ALL_GROUPS)
    group = do_create_group(root_ctx, f"{p}lab", level)
    other = do_create_group(root_ctx, f"{p}other-lab", Permissions.READ_ONLY)
    outside = do_create_group(root_ctx, f"{p}elsewhere", Permissions.READ_WRITE)
    owner = _person(f"{p}owner", groups=[group, other])
    people = Personas(
        group=group,
        other_group=other,
        outside_group=outside,
        owner=owner,
        member=_person(f"{p}member", groups=[group]),
        group_owner=_person(f"{p}group-owner", groups=[group]),
        admin=admin,
        restricted_admin=_person(
            f"{p}restricted-admin", admin=True, privileges=RESTRICTED_PRIVILEGES
        ),
        outsider=_person(f"{p}outsider", groups=[outside]),
        colleague=_person(f"{p}colleague", groups=[group]),
    )
    do_add_group_members(root_ctx, group, [people.group_owner], as_owner=True)
    return people


def _person(
    login: str,
    *,
    groups: list[ExperimenterGroup] | None = None,
    admin: bool = False,
    privileges: tuple[AdminPrivilege, ...] | None = None,
) -> Experimenter:
    first, _, last = login.partition("-")
    return create_experimenter(
        login,
        first_name=first.title(),
        last_name=(last or "person").title(),
        password=PASSWORD,
        groups=groups or [],
        admin=admin,
        privileges=privileges,
    )
