"""Signing in through a real OpenLDAP (OMERO's LDAP plugin, as OMERO documents it)."""

from __future__ import annotations

import pytest
from django.test import Client
from tests.conftest import UseDirectory

from pyomero.model.models import Experimenter, ExperimenterGroup, GroupExperimenterMap
from pyomero.model.models.audit import AuditEntry
from pyomero.testing.openldap import BASE, Directory

ALICE_DN = f"uid=alice,ou=Biology,ou=people,{BASE}"


def login(name: str, password: str) -> tuple[int, str]:
    response = Client().post("/webclient/login/", {"username": name, "password": password})
    return response.status_code, response.content.decode()


def groups_of(name: str) -> list[str]:
    return sorted(
        GroupExperimenterMap.objects.filter(child__ome_name=name)
        .exclude(parent__name="user")
        .values_list("parent__name", flat=True)
    )


@pytest.fixture
def directory(shared_directory: Directory, use_directory: UseDirectory, root: object) -> Directory:
    use_directory(shared_directory)
    return shared_directory


def test_it_creates_a_directory_user_at_the_first_login(directory: Directory) -> None:
    assert login("alice", "alice-password")[0] == 302
    alice = Experimenter.objects.get(ome_name="alice")
    assert (alice.first_name, alice.last_name, alice.email) == (
        "Alice",
        "Liddell",
        "alice@example.org",
    )
    assert alice.ldap and alice.ldap_dn == ALICE_DN
    assert not alice.has_usable_password()
    assert groups_of("alice") == ["default"]
    assert alice.default_group is not None and alice.default_group.name == "default"
    entry = AuditEntry.objects.get(action="experimenter.ldap_create")
    assert (entry.actor_name, entry.target_name) == ("system", "alice")
    assert entry.after["ldap_dn"] == ALICE_DN
    assert AuditEntry.objects.filter(action="group.ldap_create", target_name="default").exists()


def test_it_signs_the_user_in_again_without_creating_it_twice(directory: Directory) -> None:
    assert login("alice", "alice-password")[0] == 302
    assert login("alice", "alice-password")[0] == 302
    assert Experimenter.objects.filter(ome_name="alice").count() == 1


@pytest.mark.parametrize(
    ("new_user_group", "groups"),
    [
        ("microscopy", ["microscopy"]),
        (":ou:", ["Biology"]),
        (":attribute:departmentNumber", ["cell-lab", "imaging"]),
        (":filtered_attribute:departmentNumber", ["cell-lab"]),
        (":dn_attribute:seeAlso", ["archive", "cell-lab"]),
        (":filtered_dn_attribute:seeAlso", ["cell-lab"]),
        (":query:(member=@{dn})", ["cell-lab", "optics-lab"]),
    ],
)
def test_it_places_new_users_in_the_groups_of_each_new_user_group_form(
    shared_directory: Directory,
    use_directory: UseDirectory,
    root: object,
    new_user_group: str,
    groups: list[str],
) -> None:
    use_directory(shared_directory, new_user_group=new_user_group)
    assert login("alice", "alice-password")[0] == 302
    assert groups_of("alice") == groups
    made = ExperimenterGroup.objects.filter(name__in=groups)
    assert {(g.permissions, g.ldap) for g in made} == {("rw----", True)}


def test_it_joins_existing_groups_and_keeps_their_level(
    shared_directory: Directory, use_directory: UseDirectory, root_ctx: object
) -> None:
    from pyomero.model.actions import do_create_group

    do_create_group(root_ctx, "cell-lab", "read-annotate")  # type: ignore[arg-type]
    use_directory(shared_directory, new_user_group=":query:(member=@{dn})")
    assert login("alice", "alice-password")[0] == 302
    assert ExperimenterGroup.objects.get(name="cell-lab").permissions == "rwra--"
    assert groups_of("alice") == ["cell-lab", "optics-lab"]


def test_it_makes_owners_of_the_groups_the_owner_query_matches(
    shared_directory: Directory, use_directory: UseDirectory, root: object
) -> None:
    use_directory(
        shared_directory,
        new_user_group=":query:(member=@{dn})",
        new_user_group_owner="(owner=@{dn})",
    )
    assert login("alice", "alice-password")[0] == 302
    owned = GroupExperimenterMap.objects.filter(child__ome_name="alice", owner=True)
    assert [m.parent.name for m in owned] == ["cell-lab"]


def test_it_refuses_a_wrong_password_and_creates_nobody(directory: Directory) -> None:
    status, page = login("alice", "not-her-password")
    assert status == 200  # the form again, as OMERO.web
    assert "check your user name and password" in page
    assert not Experimenter.objects.filter(ome_name="alice").exists()


def test_it_refuses_an_empty_password(directory: Directory) -> None:
    assert login("alice", "")[0] == 200  # the form again, as OMERO.web
    assert not Experimenter.objects.filter(ome_name="alice").exists()


def test_it_refuses_a_user_the_filter_leaves_out(directory: Directory) -> None:
    assert login("carol", "carol-password")[0] == 200
    assert not Experimenter.objects.filter(ome_name="carol").exists()


def test_it_refuses_a_name_the_directory_does_not_know(directory: Directory) -> None:
    assert login("mallory", "whatever")[0] == 200  # refused: the form again


def test_it_refuses_a_user_removed_from_the_filter_later(
    fresh_directory: Directory, use_directory: UseDirectory, root: object
) -> None:
    use_directory(fresh_directory)
    assert login("bob", "bob-password")[0] == 302
    fresh_directory.modify(
        f"dn: uid=bob,ou=Physics,ou=people,{BASE}\nchangetype: modify\n"
        "add: employeeType\nemployeeType: disabled\n"
    )
    assert login("bob", "bob-password")[0] == 200  # refused: the form again


def test_it_refreshes_names_and_groups_at_each_login_with_sync_on(
    fresh_directory: Directory, use_directory: UseDirectory, root_ctx: object
) -> None:
    from pyomero.model.actions import do_add_group_members, do_create_group

    use_directory(fresh_directory, new_user_group=":query:(member=@{dn})", sync_on_login="true")
    assert login("alice", "alice-password")[0] == 302
    alice = Experimenter.objects.get(ome_name="alice")
    local = do_create_group(root_ctx, "local-lab")  # type: ignore[arg-type]
    do_add_group_members(root_ctx, local, [alice])  # type: ignore[arg-type]
    fresh_directory.modify(
        f"dn: {ALICE_DN}\nchangetype: modify\nreplace: sn\nsn: Hargreaves\n-\n"
        "replace: mail\nmail: alice.h@example.org\n\n"
        f"dn: cn=optics-lab,ou=groups,{BASE}\nchangetype: modify\n"
        f"delete: member\nmember: {ALICE_DN}\n"
    )
    assert login("alice", "alice-password")[0] == 302
    alice.refresh_from_db()
    assert (alice.last_name, alice.email) == ("Hargreaves", "alice.h@example.org")
    assert groups_of("alice") == ["cell-lab", "local-lab"]
    sync = AuditEntry.objects.get(action="experimenter.ldap_sync")
    assert sync.before["last_name"] == "Liddell" and sync.after["last_name"] == "Hargreaves"
    assert (sync.before["groups"], sync.after["groups"]) == (
        ["cell-lab", "local-lab", "optics-lab"],
        ["cell-lab", "local-lab"],
    )


def test_it_keeps_names_and_groups_without_sync(
    fresh_directory: Directory, use_directory: UseDirectory, root: object
) -> None:
    use_directory(fresh_directory, new_user_group=":query:(member=@{dn})")
    assert login("alice", "alice-password")[0] == 302
    fresh_directory.modify(
        f"dn: {ALICE_DN}\nchangetype: modify\nreplace: sn\nsn: Hargreaves\n\n"
        f"dn: cn=optics-lab,ou=groups,{BASE}\nchangetype: modify\n"
        f"delete: member\nmember: {ALICE_DN}\n"
    )
    assert login("alice", "alice-password")[0] == 302
    assert Experimenter.objects.get(ome_name="alice").last_name == "Liddell"
    assert groups_of("alice") == ["cell-lab", "optics-lab"]


def test_it_tries_the_next_url_when_the_first_is_down(
    shared_directory: Directory, use_directory: UseDirectory, root: object
) -> None:
    from pyomero.testing.services import free_port

    use_directory(shared_directory, urls=f"ldap://127.0.0.1:{free_port()},{shared_directory.url}")
    assert login("alice", "alice-password")[0] == 302


def test_it_signs_in_over_starttls_with_the_ca_file(
    shared_directory: Directory, use_directory: UseDirectory, root: object
) -> None:
    use_directory(shared_directory, starttls="true", ca_file=str(shared_directory.ca_file))
    assert login("alice", "alice-password")[0] == 302


def test_it_signs_in_over_ldaps_with_the_ca_file(
    shared_directory: Directory, use_directory: UseDirectory, root: object
) -> None:
    use_directory(
        shared_directory, urls=shared_directory.ldaps_url, ca_file=str(shared_directory.ca_file)
    )
    assert login("alice", "alice-password")[0] == 302


def test_it_does_not_trust_a_server_outside_the_ca_file(
    shared_directory: Directory, use_directory: UseDirectory, root: object
) -> None:
    use_directory(shared_directory, starttls="true")  # the system CAs do not know the test CA
    status, page = login("alice", "alice-password")
    assert status == 503
    assert "cannot be reached" in page
    assert not Experimenter.objects.filter(ome_name="alice").exists()


def test_it_lets_local_users_in_and_tells_directory_users_when_it_is_down(
    shared_directory: Directory, use_directory: UseDirectory, root: object
) -> None:
    from pyomero.testing.services import free_port

    use_directory(shared_directory)
    assert login("alice", "alice-password")[0] == 302
    use_directory(shared_directory, urls=f"ldap://127.0.0.1:{free_port()}", connect_timeout="500")
    assert login("root", "root-password")[0] == 302
    status, page = login("alice", "alice-password")
    assert status == 503
    assert "directory (LDAP) cannot be reached" in page
    assert "Traceback" not in page


def test_it_does_not_check_local_users_against_the_directory(directory: Directory) -> None:
    Experimenter.objects.create_user(
        "bob", password="local-password", first_name="B", last_name="L"
    )
    assert login("bob", "bob-password")[0] == 200  # refused: the form again
    assert login("bob", "local-password")[0] == 302
    assert not Experimenter.objects.get(ome_name="bob").ldap


def test_it_matches_names_case_insensitively_when_asked(
    shared_directory: Directory, use_directory: UseDirectory, root: object
) -> None:
    use_directory(shared_directory)
    assert login("ALICE", "alice-password")[0] == 200  # refused: the form again
    use_directory(shared_directory)
    settings_config = {"omero.security.ignore_case": "true"}
    from django.conf import settings

    from pyomero.conf import Config

    current = settings.OMERO_CONFIG
    settings.OMERO_CONFIG = Config({**current.stored, **settings_config}, current.omerodir)
    assert login("ALICE", "alice-password")[0] == 302
    assert Experimenter.objects.filter(ome_name="alice").exists()


def test_it_does_nothing_with_ldap_off(
    shared_directory: Directory, use_directory: UseDirectory, root: object
) -> None:
    use_directory(shared_directory, config="false")
    assert login("alice", "alice-password")[0] == 200  # refused: the form again
    assert not Experimenter.objects.filter(ome_name="alice").exists()


def test_it_throttles_failed_directory_logins_like_local_ones(
    shared_directory: Directory, use_directory: UseDirectory, root: object
) -> None:
    use_directory(shared_directory, throttle="2")  # two tolerated, the third throttles
    for _ in range(3):
        assert login("alice", "a-wrong-guess")[0] == 200  # refused: the form again
    status, page = login("alice", "alice-password")
    assert status == 429
    assert "Too many failed sign-ins" in page
    assert not Experimenter.objects.filter(ome_name="alice").exists()


def test_it_answers_the_api_login_with_503_when_the_directory_is_down(
    shared_directory: Directory, use_directory: UseDirectory, root: object
) -> None:
    from pyomero.testing.services import free_port

    use_directory(shared_directory, urls=f"ldap://127.0.0.1:{free_port()}")
    client = Client()
    token = client.get("/api/v0/token/").json()["data"]
    response = client.post(
        "/api/v0/login/",
        {"username": "alice", "password": "alice-password", "server": 1},
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 503
    assert "no directory server answered" in response.json()["message"]
    assert login("root", "root-password")[0] == 302


def test_it_ignores_referrals_unless_told_to_refuse_them(
    shared_directory: Directory,
    use_directory: UseDirectory,
    root: object,
    caplog: pytest.LogCaptureFixture,
) -> None:
    use_directory(shared_directory, referral="ignore")
    assert login("alice", "alice-password")[0] == 302
    use_directory(shared_directory, referral="throw")
    status, page = login("alice", "alice-password")
    assert status == 503
    assert "could not check this sign-in" in page
    assert "answered with a referral" in caplog.text


def test_it_gives_up_on_a_server_that_accepts_but_never_answers(
    shared_directory: Directory, use_directory: UseDirectory, root: object
) -> None:
    import socket

    with socket.socket() as silent:  # the kernel accepts connections; nobody reads them
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        use_directory(shared_directory, urls=f"ldap://127.0.0.1:{port}", read_timeout="1000")
        status, page = login("alice", "alice-password")
    assert status == 503
    assert "cannot be reached" in page
