"""The raw values under the viewer's cursor."""

from __future__ import annotations

from django.test import Client

from pyomero.testing.images import make_pixels_image, synthetic_plane
from pyomero.testing.personas import Personas


def test_it_answers_the_stored_values_of_each_channel(personas: Personas) -> None:
    image = make_pixels_image(personas.ctx("owner", personas.group), size_z=3, size_c=3)
    client = Client()
    client.force_login(personas.user("member"))
    url = f"/webclient/img_detail/{image.pk}/pixel/?x=30&y=20&z=2&c=0,2"
    found = client.get(url).json()
    assert found["x"] == 30 and found["z"] == 2
    assert found["values"] == [
        {"channel": 0, "value": int(synthetic_plane(image, c=0, z=2)[20, 30])},
        {"channel": 2, "value": int(synthetic_plane(image, c=2, z=2)[20, 30])},
    ]


def test_it_answers_400_outside_the_image_and_404_to_an_outsider(personas: Personas) -> None:
    image = make_pixels_image(personas.ctx("owner", personas.group))
    client = Client()
    client.force_login(personas.user("owner"))
    base = f"/webclient/img_detail/{image.pk}/pixel/"
    assert client.get(f"{base}?x=64&y=0").status_code == 400
    assert client.get(f"{base}?x=a&y=0").status_code == 400
    assert client.get(f"{base}?y=0").status_code == 400
    client.force_login(personas.user("outsider"))
    assert client.get(f"{base}?x=1&y=1").status_code == 404
