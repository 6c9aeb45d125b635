"""``omero user``: add, list, password, joingroup, leavegroup."""

from __future__ import annotations

import io

import pytest

from pyomero.cli.main import main
from pyomero.model.models import Experimenter, ExperimenterGroup, GroupExperimenterMap

pytestmark = pytest.mark.usefixtures("root")


@pytest.fixture
def lab(root_ctx: object) -> ExperimenterGroup:
    assert main(["group", "add", "lab", "--type", "read-annotate"]) == 0
    return ExperimenterGroup.objects.get(name="lab")


def _rows() -> tuple[int, int]:
    return Experimenter.objects.count(), GroupExperimenterMap.objects.count()


def test_it_adds_a_user_in_groups(
    lab: ExperimenterGroup, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["user", "add", "alice", "Alice", "Smith", "--group-name", "lab", "-P", "pw1",
                 "-e", "alice@example.org"])  # fmt: skip
    assert code == 0
    alice = Experimenter.objects.get(ome_name="alice")
    assert (alice.first_name, alice.last_name, alice.email) == (
        "Alice",
        "Smith",
        "alice@example.org",
    )
    assert alice.check_password("pw1")
    assert alice.default_group == lab
    assert not alice.is_admin
    assert "Added user alice" in capsys.readouterr().out


def test_it_adds_an_administrator(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["user", "add", "boss", "Big", "Boss", "--admin", "-P", "pw"]) == 0
    assert Experimenter.objects.get(ome_name="boss").is_superuser


def test_it_refuses_a_duplicate_login_and_changes_nothing(
    lab: ExperimenterGroup, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["user", "add", "alice", "Alice", "Smith", "lab", "-P", "pw"])
    capsys.readouterr()
    before = _rows()
    assert main(["user", "add", "alice", "Other", "Person", "-P", "pw2"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "User exists: alice" in err
    assert _rows() == before
    assert Experimenter.objects.get(ome_name="alice").check_password("pw")


def test_it_ignores_an_existing_login_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    main(["user", "add", "alice", "Alice", "Smith", "-P", "pw"])
    assert main(["user", "add", "alice", "Alice", "Smith", "-P", "x", "--ignore-existing"]) == 0


def test_it_refuses_an_unknown_group_and_changes_nothing(
    lab: ExperimenterGroup, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _rows()
    code = main(["user", "add", "bob", "Bob", "Jones", "--group-name", "lab", "nolab", "-P", "p"])
    assert code != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Unknown group: nolab" in err
    assert _rows() == before


def test_it_lists_users(lab: ExperimenterGroup, capsys: pytest.CaptureFixture[str]) -> None:
    main(["user", "add", "alice", "Alice", "Smith", "lab", "-P", "pw"])
    capsys.readouterr()
    assert main(["user", "list"]) == 0
    out = capsys.readouterr().out
    assert [c.strip() for c in out.splitlines()[0].split("|")][:3] == ["id", "login", "first name"]
    alice = next(line for line in out.splitlines() if " alice " in line)
    assert "lab" in alice and "Yes" in alice
    assert "(2 rows)" in out


def test_it_sets_a_password_from_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    main(["user", "add", "alice", "Alice", "Smith", "-P", "old"])
    assert main(["user", "password", "alice", "-P", "new-password"]) == 0
    assert Experimenter.objects.get(ome_name="alice").check_password("new-password")


def test_it_reads_a_password_from_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    main(["user", "add", "alice", "Alice", "Smith", "-P", "old"])
    monkeypatch.setattr("sys.stdin", io.StringIO("piped-password\n"))
    assert main(["user", "password", "alice"]) == 0
    assert Experimenter.objects.get(ome_name="alice").check_password("piped-password")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_it_asks_for_a_password_twice(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["user", "add", "alice", "Alice", "Smith", "-P", "old"])
    monkeypatch.setattr("sys.stdin", _Terminal())
    answers = iter(["typed-password", "typo"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["user", "password", "alice"]) == 1
    assert "did not match" in capsys.readouterr().err
    assert Experimenter.objects.get(ome_name="alice").check_password("old")
    answers = iter(["typed-password", "typed-password"])
    assert main(["user", "password", "alice"]) == 0
    assert Experimenter.objects.get(ome_name="alice").check_password("typed-password")


def test_it_joins_and_leaves_a_group(
    lab: ExperimenterGroup, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["user", "add", "alice", "Alice", "Smith", "-P", "pw"])
    assert main(["user", "joingroup", "--name", "alice", "lab"]) == 0
    assert GroupExperimenterMap.objects.filter(parent=lab, child__ome_name="alice").exists()
    assert main(["user", "joingroup", "--name", "alice", "--group-name", "lab", "--as-owner"]) == 0
    assert GroupExperimenterMap.objects.get(parent=lab, child__ome_name="alice").owner
    assert main(["user", "leavegroup", "--name", "alice", "lab", "--as-owner"]) == 0
    assert not GroupExperimenterMap.objects.get(parent=lab, child__ome_name="alice").owner
    assert main(["user", "leavegroup", "--name", "alice", "lab"]) == 0
    assert not GroupExperimenterMap.objects.filter(parent=lab, child__ome_name="alice").exists()
    out = capsys.readouterr().out
    assert "Added alice to group lab" in out and "Removed alice from group lab" in out


def test_it_refuses_an_unknown_user(
    lab: ExperimenterGroup, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _rows()
    assert main(["user", "joingroup", "--name", "nobody", "lab"]) == 1
    assert "Unknown user: nobody" in capsys.readouterr().err
    assert _rows() == before
