"""``omero group``: add, list, perms, adduser, removeuser."""

from __future__ import annotations

import pytest

from pyomero.cli.main import main
from pyomero.model.actions import do_add_comment
from pyomero.model.context import event_context
from pyomero.model.models import ExperimenterGroup, GroupExperimenterMap, ImageAnnotationLink
from pyomero.testing.factories import make_image

pytestmark = pytest.mark.usefixtures("root")


def _group(name: str = "lab") -> ExperimenterGroup:
    return ExperimenterGroup.objects.get(name=name)


def test_it_adds_a_group_with_a_type(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["group", "add", "lab", "--type", "read-only"]) == 0
    assert _group().permissions == "rwr---"
    assert "Added group lab" in capsys.readouterr().out


def test_it_makes_private_groups_by_default() -> None:
    assert main(["group", "add", "lab"]) == 0
    assert _group().permissions == "rw----"


def test_it_accepts_a_permission_string() -> None:
    assert main(["group", "add", "lab", "--perms", "rwra--"]) == 0
    assert _group().permissions == "rwra--"


def test_it_refuses_a_duplicate_name(capsys: pytest.CaptureFixture[str]) -> None:
    main(["group", "add", "lab"])
    capsys.readouterr()
    assert main(["group", "add", "lab", "--type", "read-write"]) == 3
    assert capsys.readouterr().err.count("\n") == 1
    assert _group().permissions == "rw----"
    assert main(["group", "add", "lab", "--ignore-existing"]) == 0


def test_it_lists_groups(capsys: pytest.CaptureFixture[str]) -> None:
    main(["group", "add", "lab", "--type", "read-annotate"])
    capsys.readouterr()
    assert main(["group", "list"]) == 0
    out = capsys.readouterr().out
    assert [c.strip() for c in out.splitlines()[0].split("|")][:3] == ["id", "name", "perms"]
    assert any("lab" in line and "rwra--" in line for line in out.splitlines())
    assert "system" in out


def test_it_changes_permissions(capsys: pytest.CaptureFixture[str]) -> None:
    main(["group", "add", "lab"])
    assert main(["group", "perms", "--name", "lab", "--type", "read-write"]) == 0
    assert _group().permissions == "rwrw--"
    assert main(["group", "perms", "lab", "--type", "read-write"]) == 0
    assert "already rwrw--" in capsys.readouterr().out


def _cross_user_annotation() -> None:
    main(["group", "add", "lab", "--type", "read-annotate"])
    for login in ("alice", "bob"):
        main(["user", "add", login, login.title(), "Lab", "lab", "-P", "pw"])
    image = make_image(event_context("alice", "lab"))
    do_add_comment(event_context("bob", "lab"), image, "bob was here")


def test_it_refuses_a_downgrade_that_drops_links(capsys: pytest.CaptureFixture[str]) -> None:
    _cross_user_annotation()
    capsys.readouterr()
    assert main(["group", "perms", "--name", "lab", "--type", "read-only"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "would remove 1 link" in err
    assert _group().permissions == "rwra--"
    assert ImageAnnotationLink.objects.count() == 1


def test_it_forces_a_downgrade(capsys: pytest.CaptureFixture[str]) -> None:
    _cross_user_annotation()
    assert main(["group", "perms", "--name", "lab", "--type", "private", "--force"]) == 0
    assert _group().permissions == "rw----"
    assert ImageAnnotationLink.objects.count() == 0
    assert "Removed 1 link" in capsys.readouterr().out


def test_it_refuses_an_unknown_group(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["group", "perms", "--name", "nolab", "--type", "read-only"]) == 1
    assert "Unknown group: nolab" in capsys.readouterr().err


def test_it_adds_and_removes_users(capsys: pytest.CaptureFixture[str]) -> None:
    main(["group", "add", "lab"])
    main(["user", "add", "alice", "Alice", "Lab", "-P", "pw"])
    main(["user", "add", "bob", "Bob", "Lab", "-P", "pw"])
    assert main(["group", "adduser", "--name", "lab", "alice", "--user-name", "bob"]) == 0
    members = GroupExperimenterMap.objects.filter(parent=_group())
    assert set(members.values_list("child__ome_name", flat=True)) == {"alice", "bob"}
    assert main(["group", "adduser", "--name", "lab", "alice", "--as-owner"]) == 0
    assert members.get(child__ome_name="alice").owner
    assert main(["group", "removeuser", "--name", "lab", "alice", "bob"]) == 0
    assert not members.exists()


def test_it_changes_nothing_when_a_user_is_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    main(["group", "add", "lab"])
    main(["user", "add", "alice", "Alice", "Lab", "-P", "pw"])
    assert main(["group", "adduser", "--name", "lab", "alice", "nobody"]) == 1
    assert "Unknown user: nobody" in capsys.readouterr().err
    assert not GroupExperimenterMap.objects.filter(parent=_group()).exists()
