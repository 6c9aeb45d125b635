from __future__ import annotations

import re

import pytest
from django.test import Client

from pyomero.model.models import Image, Pixels
from pyomero.testing.images import make_pixels_image
from pyomero.testing.personas import Personas


@pytest.fixture
def image(personas: Personas) -> Image:
    return make_pixels_image(personas.ctx("owner", personas.group), "cells.tif")


def signed_in(personas: Personas, persona: str) -> Client:
    client = Client()
    client.force_login(personas.user(persona))
    return client


def test_it_shows_the_viewer_to_the_owner(personas: Personas, image: Image) -> None:
    response = signed_in(personas, "owner").get(f"/webclient/img_detail/{image.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'data-image-id="{image.pk}"' in page
    assert f'data-img-data-url="/webgateway/imgData/{image.pk}/"' in page
    assert f'data-save-url="/webgateway/saveImgRDef/{image.pk}/"' in page
    assert "<h1>cells.tif</h1>" in page


def test_it_loads_its_script_and_styles(personas: Personas, image: Image) -> None:
    page = signed_in(personas, "owner").get(f"/webclient/img_detail/{image.pk}/").content.decode()
    assert '<script src="/static/viewer/dist/viewer.js" defer></script>' in page
    assert "/static/viewer/css/viewer.css" in page


def test_it_sets_the_csrf_cookie_for_saving(personas: Personas, image: Image) -> None:
    response = signed_in(personas, "owner").get(f"/webclient/img_detail/{image.pk}/")
    assert "csrftoken" in response.cookies
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()


def test_it_shows_the_image_to_a_group_member(personas: Personas, image: Image) -> None:
    response = signed_in(personas, "member").get(f"/webclient/img_detail/{image.pk}/")
    assert response.status_code == 200


def test_it_answers_404_to_an_outsider(personas: Personas, image: Image) -> None:
    response = signed_in(personas, "outsider").get(f"/webclient/img_detail/{image.pk}/")
    assert response.status_code == 404


def test_it_answers_404_for_a_missing_image(personas: Personas, image: Image) -> None:
    response = signed_in(personas, "owner").get(f"/webclient/img_detail/{image.pk + 999}/")
    assert response.status_code == 404


def test_it_sends_anonymous_visitors_to_the_login_page(personas: Personas, image: Image) -> None:
    url = f"/webclient/img_detail/{image.pk}/"
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/webclient/login/?url={url}"


def test_it_refuses_posts(personas: Personas, image: Image) -> None:
    response = signed_in(personas, "owner").post(f"/webclient/img_detail/{image.pk}/")
    assert response.status_code == 405


def test_it_answers_the_time_stamps(personas: Personas) -> None:
    image = make_pixels_image(personas.ctx("owner", personas.group), size_t=3)
    Pixels.objects.filter(image=image).update(time_increment=2.5, time_increment_unit="SECOND")
    found = signed_in(personas, "owner").get(f"/webclient/img_detail/{image.pk}/delta_t/")
    assert found.json()["delta_t"] == [0.0, 2.5, 5.0]
    assert found.json()["delta_t_unit_symbol"] == "s"


def test_it_shows_images_side_by_side_in_step(personas: Personas, image: Image) -> None:
    other = make_pixels_image(personas.ctx("owner", personas.group), "other.tif")
    client = signed_in(personas, "member")
    page = client.get(f"/webclient/img_detail/compare/?images={image.pk},{other.pk}")
    text = page.content.decode()
    assert page.status_code == 200
    sync = re.search(r'/webclient/img_detail/\d+/\?sync=(\w+)&amp;embed=1"', text)
    assert sync is not None
    assert f'src="/webclient/img_detail/{other.pk}/?sync={sync.group(1)}&amp;embed=1"' in text
    assert client.get("/webclient/img_detail/compare/?images=").status_code == 400
    outsider = signed_in(personas, "outsider")
    assert outsider.get(f"/webclient/img_detail/compare/?images={image.pk}").status_code == 404
