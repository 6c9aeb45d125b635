"""OMERO.webadmin's paths and field names: ``experimenter/create/``,
``group/create/``, ``group_owner/save/<gid>/``, ``myaccount/save/``,
``change_avatar/<eid>/upload/`` and ``forgottenpassword/``."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from tests.contracts.omeroweb import django_client, post

from pyomero.conf import Config
from pyomero.model.actions import do_create_group
from pyomero.model.context import event_context
from pyomero.model.models import (
    AdminPrivilege,
    Experimenter,
    ExperimenterAvatar,
    ExperimenterGroup,
    Permissions,
)
from pyomero.testing.personas import Personas


def experimenter_form(name: str, group_id: int, **extra: str) -> dict[str, object]:
    """test_webadmin.py::TestExperimenters' form, OMERO's field names."""
    return {
        "omename": name,
        "first_name": name,
        "last_name": name,
        "active": "on",
        "default_group": group_id,
        "other_groups": group_id,
        "password": "a-long-new-password-1",
        "confirmation": "a-long-new-password-1",
        **extra,
    }


@pytest.mark.parametrize("role", ["user", "restricted_administrator", "administrator"])
def test_create_experimenter_roles(web, personas: Personas, role: str) -> None:
    """test_webadmin.py::TestExperimenters::test_create_experimenter_roles: 302 to the
    experimenters page; a user has no privileges (``Sudo`` ignored), a restricted
    administrator exactly Sudo, an administrator all of them."""
    url = reverse("wamanageexperimenterid", args=["create"])
    data = experimenter_form("newbie", personas.group.pk, role=role, Sudo="on")
    redirect = post(web("admin"), url, data, status_code=302)
    assert redirect["Location"].endswith(reverse("waexperimenters"))
    ctx = event_context(Experimenter.objects.get(ome_name="newbie"))
    if role == "user":
        assert not ctx.is_admin and ctx.admin_privileges == frozenset()
    elif role == "restricted_administrator":
        assert ctx.is_admin and ctx.admin_privileges == frozenset({AdminPrivilege.SUDO})
    else:
        assert ctx.is_admin and ctx.admin_privileges == frozenset(AdminPrivilege)


@pytest.mark.parametrize(
    ("field", "error"),
    [("omename", "This field is required"), ("first_name", "This field is required")],
)
def test_required_fields(web, personas: Personas, field: str, error: str) -> None:
    """test_webadmin.py::TestExperimenters::test_required_fields: the form comes back
    with the message and nobody is created (pyomero answers 400 where OMERO 200)."""
    data = experimenter_form("missing", personas.group.pk, role="user")
    del data[field]
    url = reverse("wamanageexperimenterid", args=["create"])
    rsp = post(web("admin"), url, data, status_code=400)
    assert error.encode() in rsp.content
    assert not Experimenter.objects.filter(ome_name="missing").exists()


def test_edit_user(web, personas: Personas) -> None:
    """test_csrf.py::TestCsrf::test_edit_user: ``experimenter/save/<id>/`` with OMERO's
    field names answers 302 and saves."""
    member = personas.member
    url = reverse("wamanageexperimenterid", args=["save", member.pk])
    data = {
        "omename": member.ome_name,
        "first_name": "Renamed",
        "last_name": member.last_name,
        "default_group": personas.group.pk,
        "other_groups": personas.group.pk,
        "role": "user",
        "active": "on",
    }
    post(web("admin"), url, data, status_code=302)
    assert Experimenter.objects.get(pk=member.pk).first_name == "Renamed"


@pytest.mark.parametrize(
    ("value", "level"),
    [
        ("0", Permissions.PRIVATE),
        ("1", Permissions.READ_ONLY),
        ("2", Permissions.READ_ANNOTATE),
        ("3", Permissions.READ_WRITE),
    ],
)
def test_create_group_permissions(web, personas: Personas, value: str, level) -> None:
    """test_webadmin.py::TestGroups::test_create_group_permissions: ``permissions`` 0-3,
    302 to the groups page, the group at that level."""
    url = reverse("wamanagegroupid", args=["create"])
    redirect = post(web("admin"), url, {"name": "new-lab", "permissions": value}, 302)
    assert redirect["Location"].endswith(reverse("wagroups"))
    assert ExperimenterGroup.objects.get(name="new-lab").permissions == level.value


def test_edit_group(web, personas: Personas, root_ctx) -> None:
    """test_csrf.py::TestCsrf::test_edit_group: ``group/save/<id>/`` answers 302."""
    group = do_create_group(root_ctx, "to-edit", Permissions.PRIVATE)
    url = reverse("wamanagegroupid", args=["save", group.pk])
    data = {"name": group.name, "description": "description", "permissions": 0}
    post(web("admin"), url, data, status_code=302)
    assert ExperimenterGroup.objects.get(pk=group.pk).description == "description"


def test_edit_group_by_owner(web, personas: Personas) -> None:
    """test_csrf.py::TestCsrf::test_edit_group_by_owner: a group owner saves members and
    owners at ``group_owner/save/<gid>/`` (302)."""
    url = reverse("wamanagegroupownerid", args=["save", personas.group.pk])
    people = [personas.group_owner.pk, personas.owner.pk]
    data = {"members": people, "owners": [personas.group_owner.pk], "permissions": 0}
    post(web("group_owner"), url, data, status_code=302)


def test_myaccount(web, personas: Personas) -> None:
    """test_csrf.py::TestCsrf::test_myaccount: ``myaccount/save/`` answers 302."""
    url = reverse("wamyaccount", args=["save"])
    data = {
        "omename": "owner",
        "first_name": "Owner",
        "last_name": "Person",
        "institution": "foo bar",
        "default_group": personas.group.pk,
    }
    post(web("owner"), url, data, status_code=302)
    assert Experimenter.objects.get(pk=personas.owner.pk).institution == "foo bar"


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (200, 200), "#3366AA").save(out, "PNG")
    return out.getvalue()


def test_avatar(web, personas: Personas) -> None:
    """test_csrf.py::TestCsrf::test_avatar: ``change_avatar/<id>/upload/`` takes
    ``photo`` (302); ``crop`` answers 302 too."""
    client = web("owner")
    url = reverse("wamanageavatar", args=[personas.owner.pk, "upload"])
    photo = SimpleUploadedFile("avatar.png", png(), content_type="image/png")
    post(client, url, {"filename": "avatar.png", "photo": photo}, 302, csrf_required=False)
    assert ExperimenterAvatar.objects.filter(experimenter=personas.owner).exists()
    crop = reverse("wamanageavatar", args=[personas.owner.pk, "crop"])
    post(client, crop, {"x1": 50, "x2": 150, "y1": 50, "y2": 150}, 302)


def test_forgot_password(personas: Personas, settings: Any) -> None:
    """test_csrf.py::TestCsrf::test_forgot_password: OMERO's ``forgottenpassword/``
    is the forgotten-password form (CSRF-protected, 200). pyomero mails reset links
    only when it knows its public URL (docs/security.md), so the test sets one."""
    current = settings.OMERO_CONFIG
    stored = {**current.stored, "omero.web.public_url": "https://omero.example.org"}
    settings.OMERO_CONFIG = Config(stored, current.omerodir)
    url = "/webadmin/forgottenpassword/"
    visitor = django_client(personas.member)
    post(visitor, url, {"username": "omename", "email": "email@example.org"})
