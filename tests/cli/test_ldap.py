"""``omero ldap``: active, list, getdn, setdn, discover, create, against a real OpenLDAP."""

from __future__ import annotations

import pytest
from tests.conftest import UseDirectory

from pyomero.cli.main import main
from pyomero.model.models import Experimenter, GroupExperimenterMap
from pyomero.model.models.audit import AuditEntry
from pyomero.testing.openldap import BASE, Directory

ALICE_DN = f"uid=alice,ou=Biology,ou=people,{BASE}"
BOB_DN = f"uid=bob,ou=Physics,ou=people,{BASE}"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["ldap", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def directory(shared_directory: Directory, use_directory: UseDirectory, root: object) -> Directory:
    use_directory(shared_directory, new_user_group=":query:(member=@{dn})")
    return shared_directory


def test_it_creates_a_user_from_the_directory(
    directory: Directory, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "create", "alice")
    assert code == 0
    alice = Experimenter.objects.get(ome_name="alice")
    assert out == f"Added user alice (id={alice.pk}) with DN={ALICE_DN}\n"
    assert alice.ldap and alice.last_name == "Liddell"
    groups = GroupExperimenterMap.objects.filter(child=alice).values_list("parent__name", flat=True)
    assert {"cell-lab", "optics-lab"} <= set(groups)
    assert AuditEntry.objects.filter(action="experimenter.ldap_create").count() == 1


def test_it_refuses_to_create_a_user_the_directory_lacks(
    directory: Directory, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "create", "carol")  # disabled: the filter leaves her out
    assert code == 132
    assert err == "omero ldap: no user carol in the directory\n"
    assert not Experimenter.objects.filter(ome_name="carol").exists()


def test_it_refuses_to_create_an_existing_user(
    directory: Directory, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "create", "alice")[0] == 0
    code, _, err = run(capsys, "create", "alice")
    assert code == 3
    assert "User exists: alice" in err


def test_it_lists_ldap_users_and_prints_a_dn(
    directory: Directory, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "create", "alice")
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert "alice" in out and ALICE_DN in out and "root" not in out
    assert run(capsys, "getdn", "alice")[1] == f"{ALICE_DN}\n"
    code, _, err = run(capsys, "getdn", "root")
    assert code == 136 and "not an LDAP user" in err
    assert run(capsys, "getdn", "nobody")[0] == 134


def test_it_discovers_local_users_who_are_in_the_directory(
    directory: Directory, capsys: pytest.CaptureFixture[str]
) -> None:
    bob = Experimenter.objects.create_user(
        "bob", password="pw-bob-1", first_name="B", last_name="H"
    )
    Experimenter.objects.create_user("zoe", password="pw-zoe-1", first_name="Z", last_name="Z")
    code, out, _ = run(capsys, "discover")
    assert code == 0
    assert out.splitlines()[1:] == [f"Experimenter:{bob.pk}\tomeName=bob\t{BOB_DN}"]
    assert run(capsys, "discover", "--commands")[1] == "omero ldap setdn bob true\n"


def test_it_converts_a_local_user_to_ldap_and_back(
    directory: Directory, capsys: pytest.CaptureFixture[str]
) -> None:
    from django.test import Client

    Experimenter.objects.create_user("bob", password="pw-bob-1", first_name="B", last_name="H")
    code, out, _ = run(capsys, "setdn", "bob", "true")
    assert code == 0 and BOB_DN in out
    bob = Experimenter.objects.get(ome_name="bob")
    assert bob.ldap and bob.ldap_dn == BOB_DN and not bob.has_usable_password()
    signed = Client().post("/webclient/login/", {"username": "bob", "password": "bob-password"})
    assert signed.status_code == 302
    assert run(capsys, "setdn", "bob", "false")[0] == 0
    bob.refresh_from_db()
    assert not bob.ldap and bob.ldap_dn == ""
    assert AuditEntry.objects.filter(action="experimenter.ldap_dn").count() == 2


def test_it_refuses_to_set_a_password_for_an_ldap_user(
    directory: Directory, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "create", "alice")
    capsys.readouterr()
    assert main(["user", "password", "alice", "-P", "a-local-password-1"]) == 1
    assert "changed there" in capsys.readouterr().err
    assert not Experimenter.objects.get(ome_name="alice").has_usable_password()


def test_it_says_whether_ldap_is_active(
    shared_directory: Directory,
    use_directory: UseDirectory,
    root: object,
    capsys: pytest.CaptureFixture[str],
) -> None:
    use_directory(shared_directory, config="false")
    assert run(capsys, "active")[0] == 1
    assert run(capsys, "create", "alice")[2].startswith("omero ldap: LDAP is not enabled")
    use_directory(shared_directory)
    assert run(capsys, "active") == (0, "Yes\n", "")


def test_it_fails_in_one_line_when_the_directory_is_down(
    shared_directory: Directory,
    use_directory: UseDirectory,
    root: object,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from pyomero.testing.services import free_port

    use_directory(shared_directory, urls=f"ldap://127.0.0.1:{free_port()}")
    code, out, err = run(capsys, "create", "alice")
    assert code == 1 and out == ""
    assert err.startswith("omero ldap: LDAP: no directory server answered")
    assert err.count("\n") == 1
    assert not Experimenter.objects.filter(ome_name="alice").exists()


def test_it_refuses_ldap_values_omero_would_not_understand(
    omerodir: object, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config", "set", "omero.ldap.new_user_group", ":bean:myMapper"]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "omero.ldap.new_user_group" in err
    assert main(["config", "set", "omero.ldap.user_filter", "(&(uid=*)"]) != 0
    assert "unbalanced parentheses" in capsys.readouterr().err
    assert main(["config", "set", "omero.ldap.new_user_group", ":query:(member=@{dn})"]) == 0


def test_it_hands_a_group_to_the_directory_so_sync_can_remove_members(
    fresh_directory: Directory,
    use_directory: UseDirectory,
    root_ctx: object,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from django.test import Client

    from pyomero.model.actions import do_create_group

    do_create_group(root_ctx, "optics-lab")  # type: ignore[arg-type]  # made before LDAP
    use_directory(fresh_directory, new_user_group=":query:(member=@{dn})", sync_on_login="true")
    assert run(capsys, "create", "alice")[0] == 0
    code, out, _ = run(capsys, "setdn", "true", "--group-name", "optics-lab")
    assert (code, out) == (0, "optics-lab is now an LDAP group\n")
    fresh_directory.modify(
        f"dn: cn=optics-lab,ou=groups,{BASE}\nchangetype: modify\n"
        f"delete: member\nmember: {ALICE_DN}\n"
    )
    signed = Client().post("/webclient/login/", {"username": "alice", "password": "alice-password"})
    assert signed.status_code == 302
    names = GroupExperimenterMap.objects.filter(child__ome_name="alice").values_list(
        "parent__name", flat=True
    )
    assert "optics-lab" not in set(names)
    assert AuditEntry.objects.filter(action="group.ldap", target_name="optics-lab").exists()
    assert run(capsys, "setdn", "true", "--group-name", "user")[0] == 1
