"""Users from a directory or a provider: created whole, or not at all."""

from __future__ import annotations

import pytest

from pyomero.model.actions.directory import (
    ExternalAccount,
    ExternalGroup,
    do_create_external_user,
    do_sync_external_user,
)
from pyomero.model.errors import NameTakenError
from pyomero.model.models import Experimenter, ExperimenterGroup
from pyomero.model.models.audit import AuditEntry

DN = "uid=ann,ou=Biology,dc=example,dc=org"


def test_it_leaves_no_new_group_behind_when_the_user_cannot_be_made(db: None) -> None:
    Experimenter.objects.create_user("ann", password="pw-ann-1", first_name="A", last_name="B")
    account = ExternalAccount("ann", groups=(ExternalGroup("brand-new-lab"),), ldap_dn=DN)
    with pytest.raises(NameTakenError):
        do_create_external_user(account)
    assert not ExperimenterGroup.objects.filter(name="brand-new-lab").exists()
    assert not AuditEntry.objects.filter(action="group.ldap_create").exists()


def test_it_moves_the_default_group_when_the_user_leaves_it(db: None) -> None:
    first = ExternalAccount(
        "ann", groups=(ExternalGroup("lab-a"), ExternalGroup("lab-b")), ldap_dn=DN
    )
    ann = do_create_external_user(first)
    assert ann.default_group is not None and ann.default_group.name == "lab-a"
    do_sync_external_user(
        ann, ExternalAccount("ann", groups=(ExternalGroup("lab-b"),), ldap_dn=DN), remove=True
    )
    ann.refresh_from_db()
    assert ann.default_group is not None and ann.default_group.name == "lab-b"
