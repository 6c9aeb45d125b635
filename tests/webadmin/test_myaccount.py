"""``myaccount/``: one's picture (avatar), shown back by ``myphoto/``."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from tests.webadmin.conftest import SignedIn

from pyomero.model.models import AuditEntry
from pyomero.testing.personas import Personas


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def test_it_shows_a_placeholder_until_a_picture_is_uploaded(
    personas: Personas, signed_in: SignedIn
) -> None:
    client = signed_in("member")
    assert client.get("/webadmin/myphoto/")["Content-Type"] == "image/svg+xml"
    upload = SimpleUploadedFile("me.png", _png(), content_type="image/png")
    assert client.post("/webadmin/manage_avatar/upload/", {"photo": upload}).status_code == 302
    photo = client.get("/webadmin/myphoto/")
    assert photo["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(photo.content)).size == (8, 8)
    assert AuditEntry.objects.filter(action="experimenter.avatar", actor_name="member").exists()
    colleague_sees = signed_in("colleague").get(f"/webadmin/avatar/{personas.member.pk}/")
    assert colleague_sees["Content-Type"] == "image/png"
    assert signed_in("outsider").get(f"/webadmin/avatar/{personas.member.pk}/").status_code == 404


def test_it_refuses_a_file_that_is_not_a_picture(personas: Personas, signed_in: SignedIn) -> None:
    client = signed_in("member")
    upload = SimpleUploadedFile("me.png", b"not an image", content_type="image/png")
    response = client.post("/webadmin/manage_avatar/upload/", {"photo": upload})
    assert response.status_code == 400
    assert "PNG or JPEG" in response.content.decode()
    assert client.get("/webadmin/myphoto/")["Content-Type"] == "image/svg+xml"
