"""m/images/<id>/rendering/ (pyomero's extension): an image's rendering settings."""

from __future__ import annotations

from typing import Any

from django.test import Client

from pyomero.model.models import Image, RenderingDef

from .conftest import M, SignIn, World, data


def url(image: Image) -> str:
    return f"{M}images/{image.pk}/rendering/"


def put(client: Client, image: Image, body: Any) -> Any:
    return client.put(url(image), body, content_type="application/json")


def test_it_answers_the_imported_defaults_before_anyone_saves(
    world: World, sign_in: SignIn
) -> None:
    found = data(sign_in("owner").get(url(world.images[0])))
    assert "@id" not in found and "omero:owner" not in found
    assert found["omero:image"] == world.images[0].pk
    assert found["model"] == "color" and found["defaultZ"] == 0
    assert [c["label"] for c in found["channels"]] == ["DAPI", "1"]
    assert found["channels"][0]["color"] == "0000FF"
    assert set(found["channels"][0]["window"]) == {"start", "end", "min", "max"}
    assert found["url:rendering"].endswith(url(world.images[0]))


def test_it_saves_what_the_body_changes_and_keeps_the_rest(world: World, sign_in: SignIn) -> None:
    client = sign_in("owner")
    image = world.images[0]
    body = {
        "model": "greyscale",
        "channels": [
            {"color": "ff0000", "window": {"start": 10, "end": 200}, "family": "logarithmic"},
            {"active": False, "inverted": True},
        ],
    }
    saved = data(put(client, image, body))
    assert saved["model"] == "greyscale" and saved["omero:owner"] == world.people.owner.pk
    first, second = saved["channels"]
    assert first["color"] == "FF0000" and first["family"] == "logarithmic"
    assert (first["window"]["start"], first["window"]["end"]) == (10.0, 200.0)
    assert first["active"] is True
    assert second["active"] is False and second["inverted"] is True
    assert data(client.get(url(image))) == saved


def test_it_sets_and_removes_a_lookup_table(world: World, sign_in: SignIn) -> None:
    client = sign_in("owner")
    image = world.images[0]
    with_lut = data(put(client, image, {"channels": [{"lut": "fire.lut"}]}))
    assert with_lut["channels"][0]["lut"] == "fire.lut"
    coloured = data(put(client, image, {"channels": [{"color": "00FF00"}]}))
    assert "lut" not in coloured["channels"][0]


def test_it_saves_a_members_own_settings_on_someone_elses_image(
    world: World, sign_in: SignIn
) -> None:
    image = world.images[0]
    put(sign_in("owner"), image, {"model": "color"})
    mine = data(put(sign_in("member"), image, {"model": "greyscale"}))
    assert mine["omero:owner"] == world.people.member.pk
    assert data(sign_in("owner").get(url(image)))["model"] == "color"
    owners = RenderingDef.objects.filter(pixels__image=image).values_list("owner_id", flat=True)
    assert sorted(owners) == sorted([world.people.owner.pk, world.people.member.pk])


def test_it_shows_the_owners_settings_to_a_member_without_their_own(
    world: World, sign_in: SignIn
) -> None:
    image = world.images[0]
    put(sign_in("owner"), image, {"defaultZ": 0, "model": "greyscale"})
    seen = data(sign_in("member").get(url(image)))
    assert seen["model"] == "greyscale" and seen["omero:owner"] == world.people.owner.pk


def test_it_refuses_a_member_who_may_not_annotate(world: World, sign_in: SignIn) -> None:
    group = world.people.group
    group.permissions = "rwr---"  # read-only: members may look, not annotate
    group.save(update_fields=["permissions"])
    member = sign_in("member")
    assert member.get(url(world.images[0])).status_code == 200
    assert put(member, world.images[0], {"model": "greyscale"}).status_code == 403


def test_it_answers_404_for_an_image_the_user_may_not_see(world: World, sign_in: SignIn) -> None:
    outsider = sign_in("outsider")
    assert outsider.get(url(world.images[0])).status_code == 404
    assert put(outsider, world.images[0], {"model": "color"}).status_code == 404
    assert sign_in("owner").get(f"{M}images/999999/rendering/").status_code == 404


def test_it_refuses_bad_settings_with_a_message(world: World, sign_in: SignIn) -> None:
    client = sign_in("owner")
    bad = [
        {"model": "sepia"},
        {"defaultZ": 1},
        {"defaultT": "0"},
        {"channels": [{}, {}, {}]},
        {"channels": [{"family": "cubic"}]},
        {"channels": [{"color": "red"}]},
        {"channels": [{"lut": "no-such.lut"}]},
        {"channels": [{"coefficient": 0}]},
        {"channels": [{"window": {"start": "low"}}]},
        {"channels": [{"active": "yes"}]},
        {"channels": ["DAPI"]},
        ["not", "an", "object"],
    ]
    for body in bad:
        response = put(client, world.images[0], body)
        assert response.status_code == 400, body
        assert response.json()["message"], body
    assert not RenderingDef.objects.filter(pixels__image=world.images[0]).exists()


def test_it_needs_the_csrf_token_to_save(world: World, sign_in_strict: SignIn) -> None:
    response = put(sign_in_strict("owner"), world.images[0], {"model": "greyscale"})
    assert response.status_code == 403


def test_it_is_linked_from_the_image(world: World, sign_in: SignIn) -> None:
    image = data(sign_in("owner").get(f"{M}images/{world.images[0].pk}/"))
    assert image["url:pyomero:rendering"].endswith(url(world.images[0]))
