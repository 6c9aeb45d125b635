"""``m/screens/``: links, the screens of a plate, child counts, delete."""

from __future__ import annotations

from pyomero.model.models import Screen

from .conftest import M, SignIn, World, data, names


def test_it_lists_screens_with_their_links(world: World, sign_in: SignIn) -> None:
    (screen,) = data(sign_in("member").get(f"{M}screens/?childCount=true"))
    assert screen["@type"].endswith("2016-06#Screen")
    assert screen["url:screen"] == f"http://testserver{M}screens/{world.screen.pk}/"
    assert screen["url:plates"].endswith(f"/screens/{world.screen.pk}/plates/")
    assert screen["omero:childCount"] == 1


def test_it_lists_the_screens_of_a_plate(world: World, sign_in: SignIn) -> None:
    client = sign_in("owner")
    assert names(client.get(f"{M}plates/{world.plate.pk}/screens/")) == ["screen"]
    assert names(client.get(f"{M}screens/?plate={world.plate.pk}")) == ["screen"]


def test_it_gets_and_deletes_one_screen(world: World, sign_in: SignIn) -> None:
    client = sign_in("owner")
    one = data(client.get(f"{M}screens/{world.screen.pk}/"))
    assert set(one) >= {"@id", "Name", "url:plates", "omero:details"}
    assert client.delete(f"{M}screens/{world.screen.pk}/").status_code == 200
    assert not Screen.objects.filter(pk=world.screen.pk).exists()
