"""``copyImgRDef/`` (GET copies into the session, POST pastes) and ``getImgRDef/``."""

from __future__ import annotations

from django.test import Client
from tests.webgateway.helpers import url

from pyomero.model.actions import (
    do_add_well_sample,
    do_create_dataset,
    do_create_plate,
    do_create_plate_acquisition,
    do_link,
)
from pyomero.model.models import Image, RenderingDef, Well
from pyomero.testing.images import make_pixels_image


def saved_model(image: Image, user) -> str:
    return RenderingDef.objects.get(pixels__image=image, owner=user).model


def test_it_copies_an_image_and_pastes_to_images(
    owner: Client, image: Image, owner_ctx, personas
) -> None:
    owner.post(
        url("webgateway_save_image_rdef_json", image.pk) + "?c=1|1:2$FF0000,2|3:4$00FF00&m=g"
    )
    target = make_pixels_image(owner_ctx)
    one_channel = make_pixels_image(owner_ctx, size_c=1)
    assert owner.get(url("webgateway_copy_image_rdef_json"), {"fromid": image.pk}).json() is True
    rdef = owner.get(url("webgateway_get_image_rdef_json")).json()["rdef"]
    assert rdef["c"] == "1|1:2$FF0000,2|3:4$00FF00" and rdef["m"] == "g"
    assert rdef["pixel_range"] == "0:65535" and len(rdef["maps"]) == 2
    pasted = owner.post(
        url("webgateway_copy_image_rdef_json"),
        {"toids": [target.pk, one_channel.pk, image.pk], "to_type": "image"},
    )
    assert pasted.json() == {"true": [target.pk], "false": [one_channel.pk]}
    assert saved_model(target, personas.owner) == "greyscale"


def test_it_copies_settings_from_the_query_and_pastes_to_a_dataset(
    owner: Client, image: Image, owner_ctx, personas
) -> None:
    dataset = do_create_dataset(owner_ctx, "d")
    targets = [make_pixels_image(owner_ctx, dataset=dataset) for _ in range(2)]
    query = {
        "c": "1|0:9$0000FF,-2|0:9$FF0000",
        "m": "g",
        "imageId": image.pk,
        "pixel_range": "0:65535",
        "maps": '[{"inverted": {"enabled": true}}]',
    }
    assert owner.get(url("webgateway_copy_image_rdef_json"), query).json() is True
    kept = owner.get(url("webgateway_get_image_rdef_json")).json()["rdef"]
    assert kept["c"] == query["c"] and kept["maps"] == [{"inverted": {"enabled": True}}]
    pasted = owner.post(
        url("webgateway_copy_image_rdef_json"), {"toids": dataset.pk, "to_type": "dataset"}
    )
    assert pasted.json() == {"true": [t.pk for t in targets], "false": []}
    binding = RenderingDef.objects.get(
        pixels__image=targets[0], owner=personas.owner
    ).channel_bindings
    assert binding.get(index=1).active is False and binding.get(index=0).inverted is True


def test_it_answers_null_when_nothing_was_copied(owner: Client) -> None:
    assert owner.get(url("webgateway_get_image_rdef_json")).json() == {"rdef": None}


def test_it_refuses_a_paste_with_nothing_copied(owner: Client, image: Image) -> None:
    response = owner.post(url("webgateway_copy_image_rdef_json"), {"toids": image.pk})
    assert response.status_code == 400 and response.json()["parameter"] == "fromid"


def test_it_refuses_unknown_target_types(owner: Client, image: Image) -> None:
    owner.get(url("webgateway_copy_image_rdef_json"), {"fromid": image.pk})
    response = owner.post(url("webgateway_copy_image_rdef_json"), {"toids": 1, "to_type": "screen"})
    assert response.status_code == 400 and response.json()["parameter"] == "to_type"


def test_it_does_not_paste_where_the_user_may_not_annotate(
    client_for, image: Image, personas
) -> None:
    from pyomero.model.models import Permissions
    from pyomero.testing.personas import make_personas

    others = make_personas(Permissions.READ_ONLY, prefix="ro-")
    theirs = make_pixels_image(others.ctx("owner", others.group))
    do_link(
        others.ctx("owner", others.group),
        do_create_dataset(others.ctx("owner", others.group), "x"),
        theirs,
    )
    client = Client()
    client.force_login(others.member)
    mine = make_pixels_image(others.ctx("member", others.group))
    client.get(url("webgateway_copy_image_rdef_json"), {"fromid": mine.pk})
    pasted = client.post(url("webgateway_copy_image_rdef_json"), {"toids": theirs.pk})
    assert pasted.json() == {"true": [], "false": [theirs.pk]}


def test_it_pastes_to_a_plate_and_to_one_acquisition(
    owner: Client, image: Image, owner_ctx, personas
) -> None:
    plate = do_create_plate(owner_ctx, "plate", rows=1, columns=2)
    run = do_create_plate_acquisition(owner_ctx, plate, "run 1")
    first, second = Well.objects.filter(plate=plate).order_by("column")
    in_run = make_pixels_image(owner_ctx)
    elsewhere = make_pixels_image(owner_ctx)
    do_add_well_sample(owner_ctx, first, in_run, plate_acquisition=run)
    do_add_well_sample(owner_ctx, second, elsewhere)
    owner.post(url("webgateway_save_image_rdef_json", image.pk) + "?m=g")
    owner.get(url("webgateway_copy_image_rdef_json"), {"fromid": image.pk})
    copy = url("webgateway_copy_image_rdef_json")
    pasted = owner.post(copy, {"toids": run.pk, "to_type": "acquisition"})
    assert pasted.json() == {"true": [in_run.pk], "false": []}
    pasted = owner.post(copy, {"toids": plate.pk, "to_type": "plate"})
    assert sorted(pasted.json()["true"]) == sorted([in_run.pk, elsewhere.pk])
    assert saved_model(elsewhere, personas.owner) == "greyscale"
