"""``download_as/?image=..&format=jpeg|png|tif``: images rendered with their settings."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest
from django.test import Client
from tests.webgateway.helpers import expected_rgb, url

from pyomero.model.context import EventContext
from pyomero.model.models import Image
from pyomero.rendering import decode
from pyomero.testing.images import make_pixels_image


def download(client: Client, *image_ids: int, **query: str):
    return client.get(url("download_as"), {"image": [str(i) for i in image_ids], **query})


def test_it_renders_one_image_as_png_by_default(owner: Client, image: Image) -> None:
    response = download(owner, image.pk)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="synthetic.tif.png"'
    assert np.array_equal(decode(response.content), expected_rgb(image))


@pytest.mark.parametrize(("fmt", "content_type"), [("jpeg", "image/jpeg"), ("tif", "image/tiff")])
def test_it_renders_other_formats(owner: Client, image: Image, fmt: str, content_type: str) -> None:
    response = download(owner, image.pk, format=fmt)
    assert response.status_code == 200 and response["Content-Type"] == content_type
    pixels = decode(response.content).astype(int)
    assert np.abs(pixels - expected_rgb(image)).mean() < 4


def test_it_takes_the_image_from_the_path(owner: Client, image: Image) -> None:
    response = owner.get(url("download_as", image.pk))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_it_zips_several_images(owner: Client, image: Image, owner_ctx: EventContext) -> None:
    other = make_pixels_image(owner_ctx, "other.tif", size_c=1)
    response = download(owner, image.pk, other.pk)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.namelist() == ["synthetic.tif.png", "other.tif.png"]
        rendered = decode(archive.read("other.tif.png"))
    assert np.array_equal(rendered, expected_rgb(other))


def test_it_leaves_out_images_the_user_may_not_see(client_for, image: Image, personas) -> None:
    theirs = make_pixels_image(personas.ctx("outsider", personas.outside_group), "theirs.tif")
    response = download(client_for("member"), image.pk, theirs.pk)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert download(client_for("member"), theirs.pk).status_code == 404


@pytest.mark.parametrize("query", [{"format": "bmp"}, {"image": "x"}, {}])
def test_it_refuses_bad_parameters(owner: Client, image: Image, query) -> None:
    response = owner.get(url("download_as"), query)
    assert response.status_code == 400 and response.content


def test_it_sends_anonymous_visitors_to_the_login_page(image: Image) -> None:
    response = download(Client(), image.pk)
    assert response.status_code == 302 and "/login/" in response["Location"]
