"""``resetRDef/`` (the imported settings) and ``applyOwnersRDef/`` (the owner's)."""

from __future__ import annotations

from django.test import Client
from tests.webgateway.helpers import url

from pyomero.model.models import Image, RenderingDef

CHANGE = "?c=1|1:2$FF0000,2|3:4$00FF00&m=g"


def test_it_resets_to_the_imported_settings(owner: Client, image: Image, personas) -> None:
    owner.post(url("webgateway_save_image_rdef_json", image.pk) + CHANGE)
    response = owner.post(url("reset_rdef_json"), {"toids": image.pk, "to_type": "image"})
    assert response.status_code == 200 and response.json() == [image.pk]
    rdef = RenderingDef.objects.get(pixels__image=image, owner=personas.owner)
    assert rdef.model == "rgb" and rdef.channel_bindings.get(index=0).input_start != 1.0


def test_it_applies_the_owners_settings(client_for, image: Image, personas) -> None:
    owner, member = client_for("owner"), client_for("member")
    owner.post(url("webgateway_save_image_rdef_json", image.pk) + CHANGE)
    member.post(
        url("webgateway_save_image_rdef_json", image.pk) + "?c=1|7:8$0000FF,2|7:8$0000FF&m=c"
    )
    response = member.post(url("reset_owners_rdef_json"), {"toids": image.pk})
    assert response.json() == [image.pk]
    mine = RenderingDef.objects.get(pixels__image=image, owner=personas.member)
    assert mine.model == "greyscale" and mine.channel_bindings.get(index=0).input_start == 1.0


def test_it_skips_what_the_user_cannot_see(client_for, image: Image) -> None:
    response = client_for("outsider").post(url("reset_rdef_json"), {"toids": image.pk})
    assert response.json() == []


def test_it_refuses_bad_targets(owner: Client) -> None:
    assert owner.post(url("reset_rdef_json"), {"toids": "x"}).status_code == 400
    assert owner.post(url("reset_rdef_json"), {"toids": 1, "to_type": "well"}).status_code == 400
    assert owner.get(url("reset_rdef_json")).status_code == 405
