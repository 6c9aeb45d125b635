"""``saveImgRDef/<iid>/`` (POST): the query's settings become the user's own."""

from __future__ import annotations

import pytest
from django.test import Client
from tests.webgateway.helpers import url

from pyomero.model.models import Image, Permissions, RenderingDef
from pyomero.testing.images import make_pixels_image
from pyomero.testing.personas import make_personas

QUERY = "?c=1|100:200$00FF00,-2|0:50$fire.lut&m=g&p=normal&z=1&t=1"


def save(client: Client, image: Image, query: str = QUERY):
    return client.post(url("webgateway_save_image_rdef_json", image.pk) + query)


def test_it_saves_the_settings(owner: Client, image: Image, personas) -> None:
    response = save(owner, image)
    assert response.status_code == 200 and response.json() is True
    rdef = RenderingDef.objects.get(pixels__image=image, owner=personas.owner)
    assert (rdef.model, rdef.default_z, rdef.default_t) == ("greyscale", 0, 0)
    first, second = rdef.channel_bindings.order_by("index")
    assert (first.active, first.input_start, first.input_end) == (True, 100.0, 200.0)
    assert (first.red, first.green, first.blue, first.lut) == (0, 255, 0, "")
    assert (second.active, second.lut) == (False, "fire.lut")


def test_it_saves_someone_elses_image_as_ones_own_settings(
    client_for, image: Image, personas
) -> None:
    before = RenderingDef.objects.get(pixels__image=image, owner=personas.owner).version
    assert save(client_for("member"), image).status_code == 200
    assert RenderingDef.objects.get(pixels__image=image, owner=personas.owner).version == before
    assert RenderingDef.objects.get(pixels__image=image, owner=personas.member).model == "greyscale"


def test_it_hides_the_image_from_outsiders(client_for, image: Image) -> None:
    assert save(client_for("outsider"), image).status_code == 404


def test_it_refuses_members_who_may_not_annotate(db) -> None:
    people = make_personas(Permissions.READ_ONLY, prefix="ro-")
    image = make_pixels_image(people.ctx("owner", people.group))
    client = Client()
    client.force_login(people.member)
    response = save(client, image)
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_it_keeps_what_the_query_leaves_out(owner: Client, image: Image, personas) -> None:
    assert save(owner, image).status_code == 200
    assert save(owner, image, "?m=c&c=1|0:5").status_code == 200
    rdef = RenderingDef.objects.get(pixels__image=image, owner=personas.owner)
    first, second = rdef.channel_bindings.order_by("index")
    assert rdef.model == "rgb" and (first.input_start, first.input_end) == (0.0, 5.0)
    assert (first.red, first.green, first.blue) == (0, 255, 0)
    assert (second.active, second.lut) == (False, "fire.lut")


@pytest.mark.parametrize(
    "query",
    [
        "?c=1|0:1$FF0000,2|0:1$FF0000&m=x",
        "?c=1|0:1$FF0000,2|0:1$FF0000&m=c&z=0",
        "?c=1|0:1$FF0000,2|0:1$FF0000&m=c&z=2",
        "?c=1|0:1$FF0000,9|0:1$FF0000&m=c",
    ],
)
def test_it_refuses_bad_settings(owner: Client, image: Image, query: str) -> None:
    response = save(owner, image, query)
    assert response.status_code == 400 and response.json()["message"]


def test_it_only_accepts_post(owner: Client, image: Image) -> None:
    assert owner.get(url("webgateway_save_image_rdef_json", image.pk)).status_code == 405
