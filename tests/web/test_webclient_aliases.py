"""The ``/webclient/`` aliases answer as the webgateway views they stand for."""

from __future__ import annotations

from django.test import Client

from pyomero.testing.images import make_pixels_image
from pyomero.testing.personas import Personas


def test_it_serves_the_webgateway_views_under_webclient(personas: Personas) -> None:
    image = make_pixels_image(personas.ctx("owner", personas.group), size_x=32, size_y=24)
    client = Client()
    client.force_login(personas.user("owner"))
    for alias, original in [
        (f"/webclient/imgData/{image.pk}/", f"/webgateway/imgData/{image.pk}/"),
        (f"/webclient/get_thumbnails/?id={image.pk}", f"/webgateway/get_thumbnails/?id={image.pk}"),
    ]:
        assert client.get(alias).json() == client.get(original).json()
    thumbnail = client.get(f"/webclient/render_thumbnail/{image.pk}/")
    assert thumbnail["Content-Type"] == "image/jpeg"
    rendered = client.get(f"/webclient/render_image/{image.pk}/0/0/")
    assert rendered.status_code == 200 and rendered["Content-Type"] == "image/jpeg"
    assert Client().get(f"/webclient/imgData/{image.pk}/").status_code in (302, 403, 404)
