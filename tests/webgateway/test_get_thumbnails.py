"""``get_thumbnails/[<w>/]?id=..`` and ``get_thumbnail/<iid>/``: base64 data URIs."""

from __future__ import annotations

import base64

from django.test import Client
from tests.webgateway.helpers import url

from pyomero.model.models import Image
from pyomero.rendering import decode
from pyomero.testing.images import make_pixels_image

PREFIX = "data:image/jpeg;base64,"


def pixels_of_uri(uri: str):
    assert uri.startswith(PREFIX)
    return decode(base64.b64decode(uri[len(PREFIX) :]))


def test_it_answers_data_uris_by_image_id(owner: Client, image: Image, owner_ctx) -> None:
    other = make_pixels_image(owner_ctx, size_x=20, size_y=40)
    response = owner.get(url("webgateway_get_thumbnails_json"), {"id": [image.pk, other.pk]})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    found = response.json()
    assert pixels_of_uri(found[str(image.pk)]).shape == (72, 96, 3)
    assert pixels_of_uri(found[str(other.pk)]).shape == (96, 48, 3)


def test_it_takes_a_size(owner: Client, image: Image) -> None:
    found = owner.get(url("webgateway_get_thumbnails_json", 32), {"id": image.pk}).json()
    assert pixels_of_uri(found[str(image.pk)]).shape == (24, 32, 3)


def test_it_answers_null_for_what_cannot_be_shown(client_for, image: Image, owner_ctx) -> None:
    writing = make_pixels_image(owner_ctx, state="writing")
    found = (
        client_for("outsider").get(url("webgateway_get_thumbnails_json"), {"id": image.pk}).json()
    )
    assert found == {str(image.pk): None}
    owner = client_for("owner")
    assert owner.get(url("webgateway_get_thumbnails_json"), {"id": writing.pk}).json() == {
        str(writing.pk): None
    }


def test_it_refuses_more_than_a_batch(owner: Client, settings) -> None:
    response = owner.get(url("webgateway_get_thumbnails_json"), {"id": list(range(1, 52))})
    assert response.status_code == 400 and "Max 50 thumbnails" in response.json()["message"]


def test_it_refuses_ids_that_are_not_numbers(owner: Client) -> None:
    response = owner.get(url("webgateway_get_thumbnails_json"), {"id": "x"})
    assert response.status_code == 400 and response.json()["parameter"] == "id"


def test_it_answers_one_thumbnail_as_a_json_string(owner: Client, image: Image) -> None:
    response = owner.get(url("webgateway_get_thumbnail_json", image.pk, 48))
    assert pixels_of_uri(response.json()).shape == (36, 48, 3)


def test_it_answers_404_json_for_an_invisible_image(client_for, image: Image) -> None:
    response = client_for("outsider").get(url("webgateway_get_thumbnail_json", image.pk))
    assert response.status_code == 404 and response.json()["code"] == "not_found"
