"""``m/experimentergroups/``: one's groups (all for admins), by name, by member."""

from __future__ import annotations

from .conftest import M, SignIn, World, data, names


def test_it_lists_the_groups_one_belongs_to(world: World, sign_in: SignIn) -> None:
    assert names(sign_in("owner").get(f"{M}experimentergroups/")) == ["lab", "other-lab", "user"]
    admin_sees = names(sign_in("admin").get(f"{M}experimentergroups/"))
    assert {"lab", "elsewhere", "system", "guest"} <= set(admin_sees)


def test_it_writes_a_group_with_its_permissions_and_links(world: World, sign_in: SignIn) -> None:
    group = world.people.group
    encoded = data(sign_in("group_owner").get(f"{M}experimentergroups/{group.pk}/"))
    assert encoded["Name"] == "lab"
    permissions = encoded["omero:details"]["permissions"]
    assert permissions["perm"] == "rwra--" and permissions["canEdit"] is True
    assert encoded["url:experimenters"].endswith(f"/experimentergroups/{group.pk}/experimenters/")


def test_it_lists_the_groups_of_an_experimenter(world: World, sign_in: SignIn) -> None:
    owner = world.people.owner.pk
    client = sign_in("admin")
    expected = ["lab", "other-lab", "user"]
    assert names(client.get(f"{M}experimenters/{owner}/experimentergroups/")) == expected
    assert names(client.get(f"{M}experimentergroups/?experimenter={owner}")) == expected


def test_it_hides_other_groups(world: World, sign_in: SignIn) -> None:
    url = f"{M}experimentergroups/{world.people.outside_group.pk}/"
    assert sign_in("member").get(url).status_code == 404
