"""Restricting administrators: no one grants or removes a privilege they lack."""

from __future__ import annotations

import pytest

from pyomero.model.actions import do_set_privileges
from pyomero.model.errors import ActionForbiddenError, InputInvalidError
from pyomero.model.models import AdminPrivilege, Experimenter
from pyomero.testing.personas import Personas


def test_it_lets_a_full_admin_set_privileges(personas: Personas) -> None:
    do_set_privileges(personas.ctx("admin"), personas.restricted_admin, ["Chown"])
    personas.restricted_admin.refresh_from_db()
    assert personas.restricted_admin.privileges() == {AdminPrivilege.CHOWN}
    do_set_privileges(personas.ctx("admin"), personas.restricted_admin, None)
    personas.restricted_admin.refresh_from_db()
    assert personas.restricted_admin.is_superuser


def test_it_refuses_a_restricted_admin_without_the_privilege(personas: Personas) -> None:
    admin = Experimenter.objects.get(ome_name="admin")
    with pytest.raises(ActionForbiddenError):
        do_set_privileges(personas.ctx("restricted_admin"), admin, ["Chgrp"])
    admin.refresh_from_db()
    assert admin.is_superuser


def test_it_refuses_non_admins_as_targets(personas: Personas) -> None:
    with pytest.raises(InputInvalidError):
        do_set_privileges(personas.ctx("admin"), personas.member, ["Chgrp"])


def test_it_refuses_unknown_privileges(personas: Personas) -> None:
    with pytest.raises(InputInvalidError):
        do_set_privileges(personas.ctx("admin"), personas.restricted_admin, ["Dance"])
