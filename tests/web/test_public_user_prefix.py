"""Under omero.web.prefix the public filter sees the path without the prefix, as in OMERO."""

from __future__ import annotations

from django.test import Client

PREFIX = {"omero.web.prefix": "/omero"}


def test_it_matches_the_filter_against_the_path_without_the_prefix(
    public_site, public_account, client: Client
) -> None:
    built = public_site(PREFIX)
    assert built["FORCE_SCRIPT_NAME"] == "/omero"
    response = client.get("/public/whoami/")
    assert response.wsgi_request.path == "/omero/public/whoami/"
    assert response.content == b"public public=True"


def test_it_does_not_match_a_filter_that_starts_with_the_prefix(
    public_site, public_account, client: Client
) -> None:
    public_site({**PREFIX, "omero.web.public.url_filter": "^/omero/public/"})
    response = client.get("/public/whoami/")
    assert response.status_code == 302
    assert response["Location"] == "/omero/webclient/login/?url=/omero/public/whoami/"


def test_it_sends_other_visitors_to_the_login_page_under_the_prefix(
    public_site, public_account, client: Client
) -> None:
    public_site(PREFIX)
    response = client.get("/private/whoami/")
    assert response["Location"] == "/omero/webclient/login/?url=/omero/private/whoami/"


def test_it_refuses_a_public_post_under_the_prefix(
    public_site, public_account, client: Client
) -> None:
    public_site(PREFIX)
    assert client.post("/public/whoami/").status_code == 403
