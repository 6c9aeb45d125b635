"""Store URLs that carry their own credential, for clients that open a store by URL only.

ome-zarr-py, napari (napari-ome-zarr) and vizarr take a URL and send no cookie, so
the session-checked store (``m/images/<id>/zarr/``) is out of their reach. A signed
user may ask for a *zarr link* of an image they see: ``/api/v0/zarr/<token>/``,
where the token is the user's id and the image's id, signed with the server's
``SECRET_KEY`` (Django's signing, its own salt) and stamped with the time it was
made. The link grants reading that one image's store as that user, for
:data:`LINK_LIFETIME`; every request checks again that the user is active and may
still see the image (the model's policy), so a link dies with the user's access.
A token that is forged, expired, or names another image is answered 404, as if
the store did not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import signing

from pyomero.api.errors import NotFoundError
from pyomero.model.context import ALL_GROUPS, EventContext, event_context
from pyomero.model.models import Experimenter

SALT = "pyomero.api.zarr-link"
LINK_LIFETIME = timedelta(hours=24)


@dataclass(frozen=True)
class ZarrGrant:
    """What a valid token grants: reading ``image_id`` as ``user_id``."""

    user_id: int
    image_id: int


def make_token(ctx: EventContext, image_id: int) -> str:
    """A token for ``image_id`` as ctx's user (the caller checked the image is visible)."""
    return signing.dumps([ctx.user_id, image_id], salt=SALT)


def expiry(now: datetime) -> datetime:
    return now + LINK_LIFETIME


def read_token(token: str) -> ZarrGrant:
    """The grant of a token still within its lifetime, or a 404."""
    try:
        user_id, image_id = signing.loads(token, salt=SALT, max_age=LINK_LIFETIME)
    except (signing.BadSignature, ValueError, TypeError):
        raise NotFoundError("No such zarr link (or it expired)") from None
    return ZarrGrant(int(user_id), int(image_id))


def grant_context(grant: ZarrGrant) -> EventContext:
    """The event context of the grant's user, in all their groups; 404 if inactive."""
    user = Experimenter.objects.filter(pk=grant.user_id, is_active=True).first()
    if user is None:
        raise NotFoundError("No such zarr link (or it expired)")
    return event_context(user, ALL_GROUPS)
