"""The total of a container's children: counted on the links when the persona sees the
whole group, through the children otherwise; either way, what the list holds."""

from __future__ import annotations

import pytest
from django.test import Client

from pyomero.model.actions import do_link
from pyomero.model.models import Permissions
from pyomero.testing.factories import make_image, make_tree
from pyomero.testing.personas import PERSONAS, Personas, make_personas

from .conftest import M

LEVELS = [Permissions.PRIVATE, Permissions.READ_ONLY, Permissions.READ_ANNOTATE]


def page(people: Personas, persona: str, url: str) -> tuple[int, int | None, int]:
    client = Client()
    client.force_login(people.user(persona))
    response = client.get(url)
    if response.status_code != 200:
        return response.status_code, None, 0
    body = response.json()
    return 200, body["meta"]["totalCount"], len(body["data"])


@pytest.mark.parametrize("level", LEVELS)
def test_each_persona_gets_the_total_of_what_the_list_holds(db: None, level: str) -> None:
    people = make_personas(level, prefix="t-")
    _, dataset, _ = make_tree(people.ctx("owner", people.group), images=3)
    private = level == Permissions.PRIVATE
    if not private:  # the group owner puts a member's image into the owner's dataset
        theirs = make_image(people.ctx("member", people.group), "member's.tif")
        do_link(people.ctx("group_owner", people.group), dataset, theirs)
    readers = {"owner", "group_owner", "admin", "restricted_admin"}
    if not private:
        readers.add("member")
    for persona in PERSONAS:
        for url in (
            f"{M}datasets/{dataset.pk}/images/?limit=500",
            f"{M}images/?dataset={dataset.pk}&limit=500",
        ):
            status, total, listed = page(people, persona, url)
            assert total == listed, (persona, url)
            if persona in readers:
                assert total == (3 if private else 4), (persona, url)
            else:
                assert status == 404 or total == 0, (persona, url)


def test_a_member_of_a_private_group_counts_only_their_own_children(db: None) -> None:
    people = make_personas(Permissions.PRIVATE, prefix="p-")
    _, dataset, _ = make_tree(people.ctx("owner", people.group), images=2)
    # The owner's dataset is theirs alone: another member sees neither it nor its images.
    for url in (f"{M}datasets/{dataset.pk}/images/", f"{M}images/?dataset={dataset.pk}"):
        status, total, _ = page(people, "member", url)
        assert status == 404 or total == 0, (status, total)
        assert page(people, "owner", url)[1:] == (2, 2)
        assert page(people, "group_owner", url)[1:] == (2, 2)
        assert page(people, "outsider", url)[1] in (None, 0)


def test_the_total_keeps_to_the_group_asked_for(db: None) -> None:
    people = make_personas(Permissions.READ_ONLY, prefix="g-")
    _, dataset, _ = make_tree(people.ctx("owner", people.group), images=2)
    url = f"{M}images/?dataset={dataset.pk}"
    assert page(people, "member", f"{url}&group={people.group.pk}")[1:] == (2, 2)
    assert page(people, "owner", f"{url}&group={people.other_group.pk}")[1:] == (0, 0)
    assert page(people, "admin", f"{url}&group={people.outside_group.pk}")[1:] == (0, 0)
