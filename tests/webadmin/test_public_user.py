"""The public user (``omero.web.public.*``) never reaches the webadmin pages."""

from __future__ import annotations

from django.test import RequestFactory

from pyomero.testing.personas import Personas
from pyomero.webadmin.views.myaccount import myaccount


def test_it_sends_the_public_user_to_the_login_page(personas: Personas) -> None:
    request = RequestFactory().get("/webadmin/myaccount/")
    request.user = personas.member
    request.is_public_user = True  # type: ignore[attr-defined]
    response = myaccount(request)
    assert response.status_code == 302
    assert response["Location"] == "/webclient/login/?url=/webadmin/myaccount/"
