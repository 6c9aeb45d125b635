"""m/images/<id>/zarr/<key> (pyomero's extension): the pixels as an OME-Zarr store."""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import numcodecs
import numpy as np
import pytest
import zarr
from django.test import Client

from pyomero.imaging.rendering_defs import load_image, save_settings
from pyomero.model.models import Image
from pyomero.rendering import Model
from pyomero.testing.images import make_pixels_image, synthetic_plane

from .conftest import M, SignIn, World


def store(image: Image) -> str:
    return f"{M}images/{image.pk}/zarr/"


def pyramid_image(world: World) -> Image:
    ctx = world.people.ctx("owner", world.people.group)
    return make_pixels_image(ctx, size_x=300, size_y=200, size_c=2, chunk=256)


def fetch_json(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_it_serves_the_ngff_metadata(world: World, sign_in: SignIn) -> None:
    image = pyramid_image(world)
    client = sign_in("owner")
    assert fetch_json(client, f"{store(image)}.zgroup") == {"zarr_format": 2}
    multiscales = fetch_json(client, f"{store(image)}.zattrs")["multiscales"][0]
    assert multiscales["version"] == "0.4"
    assert [axis["name"] for axis in multiscales["axes"]] == ["t", "c", "z", "y", "x"]
    level = fetch_json(client, f"{store(image)}{multiscales['datasets'][0]['path']}/.zarray")
    assert level["shape"] == [1, 2, 1, 200, 300]


def test_it_serves_the_users_rendering_settings_as_the_omero_block(
    world: World, sign_in: SignIn
) -> None:
    """Viewers take channel names, colours and windows from it: the settings of now."""
    image = pyramid_image(world)
    settings = load_image(world.people.ctx("owner", world.people.group), image.pk).current.settings
    first, second = settings.channels
    member_ctx = world.people.ctx("member", world.people.group)
    mine = (replace(first, color="FF00FF", start=100, end=200), replace(second, active=False))
    save_settings(member_ctx, image, replace(settings, channels=mine, model=Model.GREYSCALE))
    response = sign_in("member").get(f"{store(image)}.zattrs")
    assert response["Cache-Control"] == "private, no-cache"
    omero = response.json()["omero"]
    assert omero["rdefs"]["model"] == "greyscale"
    assert [c["label"] for c in omero["channels"]] == [
        row.name for row in image.pixels.channels.order_by("index")
    ]
    assert omero["channels"][0]["color"] == "FF00FF"
    assert omero["channels"][0]["window"]["start"] == 100
    assert omero["channels"][0]["window"]["end"] == 200
    assert [c["active"] for c in omero["channels"]] == [True, False]
    owners = fetch_json(sign_in("owner"), f"{store(image)}.zattrs")["omero"]  # still theirs
    assert owners["rdefs"]["model"] == "color"
    assert [c["color"] for c in owners["channels"]] == [c.color for c in settings.channels]


def test_it_serves_chunks_that_decode_to_the_pixels(world: World, sign_in: SignIn) -> None:
    image = pyramid_image(world)
    client = sign_in("owner")
    level = fetch_json(client, f"{store(image)}0/.zarray")
    separator = level.get("dimension_separator", ".")
    response = client.get(f"{store(image)}0/{separator.join(['0', '1', '0', '0', '1'])}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    raw = numcodecs.get_codec(level["compressor"]).decode(response.content)
    chunk = np.frombuffer(raw, dtype=level["dtype"]).reshape(level["chunks"])
    height, width = level["chunks"][-2:]
    expected = synthetic_plane(image, c=1)[:height, width : 2 * width]
    np.testing.assert_array_equal(
        chunk[0, 0, 0, : expected.shape[0], : expected.shape[1]], expected
    )


def test_it_is_a_store_zarr_reads(world: World, sign_in: SignIn, tmp_path: Path) -> None:
    """Every key a reader asks for, copied as served: zarr opens the image from them."""
    image = pyramid_image(world)
    client = sign_in("owner")
    keys = [".zgroup", ".zattrs"]
    for dataset in fetch_json(client, f"{store(image)}.zattrs")["multiscales"][0]["datasets"]:
        level = fetch_json(client, f"{store(image)}{dataset['path']}/.zarray")
        keys.append(f"{dataset['path']}/.zarray")
        counts = [math.ceil(s / c) for s, c in zip(level["shape"], level["chunks"], strict=True)]
        separator = level.get("dimension_separator", ".")
        for index in itertools.product(*(range(n) for n in counts)):
            keys.append(f"{dataset['path']}/{separator.join(map(str, index))}")
    for key in keys:
        response = client.get(f"{store(image)}{key}")
        if response.status_code == 200:  # else a chunk of fill values
            (tmp_path / key).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / key).write_bytes(response.content)
    group = zarr.open_group(str(tmp_path), mode="r", zarr_format=2)
    np.testing.assert_array_equal(group["0"][0, 0, 0], synthetic_plane(image, c=0))


def test_it_answers_404_for_an_image_the_user_may_not_see(world: World, sign_in: SignIn) -> None:
    image = pyramid_image(world)
    assert sign_in("outsider").get(f"{store(image)}.zattrs").status_code == 404
    assert sign_in("member").get(f"{store(image)}.zattrs").status_code == 200


def test_it_answers_404_for_a_key_the_store_does_not_have(world: World, sign_in: SignIn) -> None:
    image = pyramid_image(world)
    client = sign_in("owner")
    for key in ("0/9/9/9/9/9", "missing.json", "0/.zmissing"):
        response = client.get(f"{store(image)}{key}")
        assert response.status_code == 404, key
        assert response.json()["message"]


def test_it_serves_nothing_outside_the_store(world: World, sign_in: SignIn) -> None:
    image = pyramid_image(world)
    client = sign_in("owner")
    for key in ("../.zattrs", "0/../../x", ".hidden/.zattrs", "%2e%2e/.zattrs"):
        response = client.get(f"{store(image)}{key}")
        assert response.status_code in (301, 404), key  # 301: to the JSON 404 of .../x/


def test_it_answers_404_for_an_image_without_a_pyramid(world: World, sign_in: SignIn) -> None:
    assert sign_in("owner").get(f"{store(world.images[0])}.zattrs").status_code == 404


def test_it_is_linked_from_the_image(world: World, sign_in: SignIn) -> None:
    image = pyramid_image(world)
    found = sign_in("owner").get(f"{M}images/{image.pk}/").json()["data"]
    assert found["url:pyomero:zarr"].endswith(store(image))


def link_of(client: Client, image: Image) -> str:
    response = client.get(f"{M}images/{image.pk}/zarr_link/")
    assert response.status_code == 200, response.content
    url: str = response.json()["url:zarr"]
    return url.removeprefix("http://testserver")


def test_it_gives_a_link_that_reads_without_signing_in(world: World, sign_in: SignIn) -> None:
    image = pyramid_image(world)
    client = sign_in("owner")
    found = client.get(f"{M}images/{image.pk}/").json()["data"]
    assert found["url:pyomero:zarr_link"].endswith(f"{M}images/{image.pk}/zarr_link/")
    link = link_of(client, image)
    assert link.startswith("/api/v0/zarr/")
    anonymous = Client()
    assert anonymous.get(f"{link}.zattrs").content == client.get(f"{store(image)}.zattrs").content
    assert anonymous.get(f"{link}0/.zarray").status_code == 200
    for key, status in ((".zattrs", 200), ("0/9/9/9/9/9", 404)):  # vizarr reads across sites
        response = anonymous.get(f"{link}{key}", HTTP_ORIGIN="https://viewer.example.org")
        assert (response.status_code, response["Access-Control-Allow-Origin"]) == (status, "*")
    assert "Access-Control-Allow-Origin" not in client.get(f"{store(image)}.zattrs")


def test_it_gives_links_only_to_those_who_see_the_image(world: World, sign_in: SignIn) -> None:
    image = pyramid_image(world)
    assert sign_in("outsider").get(f"{M}images/{image.pk}/zarr_link/").status_code == 404
    link = link_of(sign_in("member"), image)
    assert Client().get(f"{link}.zattrs").status_code == 200
    group = world.people.group
    group.permissions = "rw----"  # private: the member no longer sees the owner's image
    group.save(update_fields=["permissions"])
    assert Client().get(f"{link}.zattrs").status_code == 404


def test_it_refuses_expired_links_and_inactive_users(
    world: World, sign_in: SignIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    image = pyramid_image(world)
    link = link_of(sign_in("member"), image)
    monkeypatch.setattr("pyomero.api.zarr_links.LINK_LIFETIME", timedelta(seconds=-1))
    assert Client().get(f"{link}.zattrs").status_code == 404
    monkeypatch.undo()
    member = world.people.member
    member.is_active = False
    member.save(update_fields=["is_active"])
    response = Client().get(f"{link}.zattrs")
    assert response.status_code == 404
    assert response.json()["message"]
