"""``m/experimenters/``: the people one may see, by last then first name, by group."""

from __future__ import annotations

from .conftest import M, SignIn, World, data


def logins(response: object) -> list[str]:
    return [person["UserName"] for person in data(response)]


def test_it_lists_the_members_of_ones_groups(world: World, sign_in: SignIn) -> None:
    assert logins(sign_in("member").get(f"{M}experimenters/")) == [
        "group-owner", "colleague", "member", "owner"
    ]  # fmt: skip
    assert "member" not in logins(sign_in("outsider").get(f"{M}experimenters/"))


def test_it_writes_omeros_fields_and_links(world: World, sign_in: SignIn) -> None:
    person = data(sign_in("member").get(f"{M}experimenters/{world.people.owner.pk}/"))
    assert person["@type"].endswith("2016-06#Experimenter")
    assert (person["FirstName"], person["LastName"], person["UserName"]) == (
        "Owner", "Person", "owner"
    )  # fmt: skip
    assert person["url:experimentergroups"].endswith(
        f"/experimenters/{world.people.owner.pk}/experimentergroups/"
    )


def test_it_lists_the_members_of_a_group(world: World, sign_in: SignIn) -> None:
    group = world.people.other_group
    client = sign_in("admin")
    assert logins(client.get(f"{M}experimentergroups/{group.pk}/experimenters/")) == ["owner"]
    assert logins(client.get(f"{M}experimenters/?experimentergroup={group.pk}")) == ["owner"]


def test_it_hides_people_one_may_not_see(world: World, sign_in: SignIn) -> None:
    url = f"{M}experimenters/{world.people.member.pk}/"
    assert sign_in("outsider").get(url).status_code == 404
