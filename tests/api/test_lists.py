"""List parameters: paging and its limits, owner, group, normalize, OMERO's order."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings

from pyomero.conf import Config
from pyomero.model.actions import do_create_project

from .conftest import M, SignIn, World, data, names


def meta(response: object) -> dict[str, int]:
    return response.json()["meta"]  # type: ignore[attr-defined]


def test_it_pages_with_omeros_defaults(world: World, sign_in: SignIn) -> None:
    assert meta(sign_in("owner").get(f"{M}images/")) == {
        "offset": 0, "limit": 200, "maxLimit": 500, "totalCount": 7
    }  # fmt: skip


def test_it_pages_with_limit_and_offset(world: World, sign_in: SignIn) -> None:
    response = sign_in("owner").get(f"{M}images/?limit=2&offset=1")
    assert names(response) == ["alpha image 1.tif", "loose.tif"]
    assert meta(response) == {"offset": 1, "limit": 2, "maxLimit": 500, "totalCount": 7}


def test_it_gives_every_page_in_order_from_either_end(world: World, sign_in: SignIn) -> None:
    client = sign_in("owner")
    everything = names(client.get(f"{M}images/"))
    assert len(everything) == 7
    for offset in range(9):  # pages past the middle are read from the end
        page = names(client.get(f"{M}images/?limit=3&offset={offset}"))
        assert page == everything[offset : offset + 3], offset


def test_it_caps_the_limit_and_forgives_negative_numbers(world: World, sign_in: SignIn) -> None:
    client = sign_in("owner")
    assert meta(client.get(f"{M}images/?limit=100000"))["limit"] == 500
    assert meta(client.get(f"{M}images/?limit=-1&offset=-5"))["limit"] == 200
    assert meta(client.get(f"{M}images/?offset=-5"))["offset"] == 0
    empty = client.get(f"{M}images/?limit=0")
    assert data(empty) == [] and meta(empty)["totalCount"] == 7


def test_it_reads_its_limits_from_the_configuration(
    world: World, sign_in: SignIn, tmp_path: Path
) -> None:
    config = Config({"omero.web.api.limit": "2", "omero.web.api.max_limit": "3"}, tmp_path)
    with override_settings(OMERO_CONFIG=config):
        client = sign_in("owner")
        assert len(data(client.get(f"{M}images/"))) == 2
        assert meta(client.get(f"{M}images/?limit=50"))["maxLimit"] == 3


@pytest.mark.parametrize("query", ["limit=foo", "offset=1.5", "owner=me", "group=x", "project=a"])
def test_it_refuses_bad_integers_with_400(world: World, sign_in: SignIn, query: str) -> None:
    response = sign_in("owner").get(f"{M}datasets/?{query}")
    assert response.status_code == 400
    assert response.json()["message"].startswith("invalid literal for int() with base 10")


def test_it_refuses_integers_too_big_for_an_id(world: World, sign_in: SignIn) -> None:
    response = sign_in("owner").get(f"{M}datasets/?project={10**30}")
    assert response.status_code == 400


def test_it_filters_by_owner(world: World, sign_in: SignIn) -> None:
    people = world.people
    do_create_project(people.ctx("member", people.group), "member's")
    client = sign_in("member")
    assert names(client.get(f"{M}projects/?owner={people.member.pk}")) == ["member's"]
    assert names(client.get(f"{M}projects/?owner=-1")) == ["alpha project", "member's"]


def test_it_filters_by_group(world: World, sign_in: SignIn) -> None:
    people = world.people
    do_create_project(people.ctx("owner", people.other_group), "elsewhere")
    client = sign_in("owner")
    assert names(client.get(f"{M}projects/")) == ["alpha project", "elsewhere"]
    assert names(client.get(f"{M}projects/?group={people.other_group.pk}")) == ["elsewhere"]
    assert names(client.get(f"{M}projects/?group=-1")) == ["alpha project", "elsewhere"]
    assert client.get(f"{M}projects/?group={people.outside_group.pk}").status_code == 404


def test_it_orders_by_lower_cased_name_then_id(world: World, sign_in: SignIn) -> None:
    people = world.people
    ctx = people.ctx("owner", people.group)
    for name in ("beta", "Alpha project", "Beta"):
        do_create_project(ctx, name)
    listed = names(sign_in("owner").get(f"{M}projects/"))
    assert listed == ["alpha project", "Alpha project", "beta", "Beta"]


def test_it_normalizes_owners_and_groups(world: World, sign_in: SignIn) -> None:
    body = sign_in("member").get(f"{M}datasets/?normalize=true").json()
    assert [p["UserName"] for p in body["experimenters"]] == ["owner"]
    assert [g["Name"] for g in body["experimenterGroups"]] == ["lab"]
    details = body["data"][0]["omero:details"]
    assert details["owner"] == {"@id": world.people.owner.pk}
    assert details["group"] == {"@id": world.people.group.pk}
    assert "permissions" in details
