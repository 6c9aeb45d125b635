"""The site's public address: the base of every link that leaves the server.

A link in a mail, a zarr link or an absolute API URL is read later, elsewhere, by
someone who trusts it; building it from the request's ``Host`` header would let a
caller choose where it points (a poisoned password reset link). Such links are built
from ``omero.web.public_url``, and from the request only when the caller cannot
choose the host (``omero.web.allowed_hosts`` lists the site's names).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


class SiteUrlUnknownError(Exception):
    """Neither omero.web.public_url nor a closed omero.web.allowed_hosts says who we are."""

    status = 503
    code = "public_url_unset"

    def __init__(self) -> None:
        self.message = (
            "this server does not know its public address: an administrator must set "
            "omero.web.public_url (or list the site's names in omero.web.allowed_hosts)"
        )
        super().__init__(self.message)


def public_url() -> str:
    """``omero.web.public_url`` (``scheme://host[:port]``), or "" when unset."""
    return str(settings.OMERO_CONFIG["omero.web.public_url"] or "")


def host_is_trusted() -> bool:
    """Whether Django refuses Host headers not of this site (no ``*`` allowed)."""
    return "*" not in settings.ALLOWED_HOSTS


def absolute_link(request: HttpRequest, path: str, *, strict: bool = False) -> str:
    """``path`` (from ``reverse``, with the prefix) as an absolute URL.

    From ``omero.web.public_url`` when set. Otherwise from the request, unless
    ``strict`` (links mailed to someone) and any Host is accepted: then
    :class:`SiteUrlUnknownError`.
    """
    base = public_url()
    if base:
        return base + path
    if strict and not host_is_trusted():
        raise SiteUrlUnknownError()
    return request.build_absolute_uri(path)
