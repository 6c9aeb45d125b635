"""``m/shapes/<id>/``: one shape, GET and DELETE; there is no list of shapes."""

from __future__ import annotations

from pyomero.model.models import Shape

from .conftest import M, SignIn, World, data


def test_it_gets_one_shape(world: World, sign_in: SignIn) -> None:
    shape = world.roi.shapes.order_by("id").first()
    encoded = data(sign_in("member").get(f"{M}shapes/{shape.pk}/"))
    assert encoded["@type"].endswith("2016-06#Rectangle")
    assert encoded["omero:details"]["owner"]["UserName"] == "owner"


def test_it_lets_the_owner_delete_a_shape(world: World, sign_in: SignIn) -> None:
    shape = world.roi.shapes.order_by("id").first()
    assert sign_in("member").delete(f"{M}shapes/{shape.pk}/").status_code == 403
    assert sign_in("owner").delete(f"{M}shapes/{shape.pk}/").status_code == 200
    assert not Shape.objects.filter(pk=shape.pk).exists()


def test_it_has_no_list_of_shapes(world: World, sign_in: SignIn) -> None:
    assert sign_in("owner").get(f"{M}shapes/").status_code == 404
