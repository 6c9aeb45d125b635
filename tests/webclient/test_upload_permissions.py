"""Who may upload where: into what they may link to; each upload is its owner's."""

from __future__ import annotations

import pytest
from django.test import Client
from tests.webclient.helpers import SignedIn, Tree
from tests.webclient.upload_helpers import immediate_tasks, put, start, upload_root

from pyomero.model.actions import do_create_screen
from pyomero.model.models import Screen
from pyomero.testing.factories import make_tree
from pyomero.testing.personas import Personas, make_personas

__all__ = ["immediate_tasks", "upload_root"]
pytestmark = pytest.mark.usefixtures("immediate_tasks", "upload_root")


def test_it_refuses_a_read_only_member_the_owners_dataset(signed_in: SignedIn) -> None:
    read_only = make_personas("read-only", prefix="ro")
    _, dataset, _ = make_tree(read_only.ctx("owner", read_only.group))
    client = Client()
    client.force_login(read_only.user("member"))
    status, body = start(client, [("a", 1)], dataset=dataset.pk)
    assert status == 403, body


def test_it_hides_a_dataset_of_another_group(signed_in: SignedIn, tree: Tree) -> None:
    assert start(signed_in("outsider"), [("a", 1)], dataset=tree.dataset.pk)[0] == 404


def test_it_lets_the_owner_upload_into_a_screen(signed_in: SignedIn, personas: Personas) -> None:
    screen: Screen = do_create_screen(personas.ctx("owner", personas.group), "s")
    status, body = start(signed_in("owner"), [("plate.ome.tif", 1)], screen=screen.pk)
    assert status == 200, body


def test_it_answers_someone_elses_upload_as_missing(signed_in: SignedIn, tree: Tree) -> None:
    _, started = start(signed_in("owner"), [("a.bin", 3)], dataset=tree.dataset.pk)
    member = signed_in("member")
    assert member.get(f"/webclient/upload/{started['id']}/0/").status_code == 404
    assert put(member, started["id"], 0, b"abc", 0, 3).status_code == 404
